# What an installation decides, set by the derived platform.auto.tfvars.json (init.values.json, through
# `npm run derive`): Terraform loads it in every apply, so no apply passes them and none can differ.

variable "project" {
  description = "Project name (init.values.json prefix), the first part of every resource name (<project>-<environment>) and of the services' namespace."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the environment (init.values.json region)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "github_repository" {
  description = "OWNER/REPO of the GitHub repository (init.values.json repository) whose workflows assume the CI, PR, release and Terraform roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be OWNER/REPO, e.g. acme/delivery-platform, without wildcards."
  }
}

variable "state_bucket" {
  description = "Name of the Terraform state bucket (terraform/bootstrap output state_bucket); the PR role may read it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "state_bucket must be an S3 bucket name."
  }
}

variable "state_kms_key_arn" {
  description = "ARN of the state's KMS key (terraform/bootstrap output state_kms_key_arn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", var.state_kms_key_arn))
    error_message = "state_kms_key_arn must be a KMS key ARN."
  }
}

variable "zone_name" {
  description = "Existing public Route 53 hosted zone of the entrypoints (init.values.json domain), e.g. shop.acme.dev."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.zone_name))
    error_message = "zone_name must be a lower-case DNS name without a trailing dot."
  }
}

variable "hostnames" {
  description = "Host name of each environment's entrypoint, by environment, in zone_name or the zone's apex: dev at dev.<domain>, prod at <domain>."
  type        = map(string)

  validation {
    condition     = alltrue([for h in values(var.hostnames) : h == var.zone_name || endswith(h, ".${var.zone_name}")])
    error_message = "every host name must be zone_name itself or end with .<zone_name>."
  }

  validation {
    condition     = contains(keys(var.hostnames), var.environment)
    error_message = "hostnames must name this environment's host name."
  }
}

variable "api_allowed_cidrs" {
  description = "CIDR blocks of the operators allowed to reach the public Kubernetes API (init.values.json adminCidrs; never 0.0.0.0/0); empty for a private endpoint."
  type        = list(string)

  validation {
    condition     = !anytrue([for c in var.api_allowed_cidrs : endswith(c, "/0")])
    error_message = "api_allowed_cidrs must not open the API endpoint to the whole internet (0.0.0.0/0 or ::/0)."
  }
}

variable "alarm_email" {
  description = "Email address that receives the queue alarms (init.values.json email)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}

variable "max_receive_count" {
  description = "Receives of one event before it moves to the DLQ."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}
