# project and region come from the derived platform.auto.tfvars.json (init.values.json, `npm run derive`).

variable "region" {
  description = "AWS region of the state bucket (init.values.json region; the environments use the same one)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "bucket_name" {
  description = "Name of the S3 bucket that holds every environment's Terraform state, globally unique; null (the default): <project>-tfstate-<account id>-<region>."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || (can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(coalesce(var.bucket_name, "x"), ".."))
    error_message = "bucket_name must be 3-63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit."
  }
}

variable "noncurrent_version_days" {
  description = "Days a replaced state version is kept before it expires (versioning is the undo of a bad apply)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_days >= 7 && floor(var.noncurrent_version_days) == var.noncurrent_version_days
    error_message = "noncurrent_version_days must be a whole number of at least 7."
  }
}

variable "project" {
  description = "Project name (init.values.json prefix): the ECR repositories are <project>/<service> (the environments look them up by that name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "services" {
  description = "Every declared service: each gets its ECR repository <project>/<service>. Set by services.auto.tfvars.json, which `npm run derive` writes from services/*/score.yaml: never by hand."
  type        = set(string)

  validation {
    condition     = length(var.services) >= 1 && alltrue([for s in var.services : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", s))])
    error_message = "services must name at least one service in lower-case letters, digits, '.', '_' or '-'."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (token.actions.githubusercontent.com). An account has one per URL: false adopts the one that already exists (looked up by URL, never destroyed by this layer)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
