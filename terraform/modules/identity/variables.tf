variable "name" {
  description = "Prefix of every role name, e.g. delivery-dev (the Terraform role may manage IAM only under this prefix)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "The Terraform environment (dev, prod): its apply role trusts only the GitHub environment terraform-<environment>."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.environment))
    error_message = "environment must be 2-21 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "github_repository" {
  description = "The GitHub repository whose workflows may assume the roles, as OWNER/REPO (exact: no wildcard)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be OWNER/REPO, e.g. acme/delivery-platform, without wildcards."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider. One per account: false for the second environment when dev and prod share an account."
  type        = bool
  default     = true
}

variable "cluster_oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider (IRSA)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/", var.cluster_oidc_provider_arn))
    error_message = "cluster_oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "cluster_oidc_provider" {
  description = "Issuer of the EKS cluster's OIDC provider without https:// (prefix of the :sub and :aud condition keys)."
  type        = string

  validation {
    condition     = !startswith(var.cluster_oidc_provider, "https://") && length(var.cluster_oidc_provider) > 0
    error_message = "cluster_oidc_provider must be the issuer host and path without https://."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the services: each service's role trusts <namespace>:<service>, External Secrets' <namespace>:external-secrets."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace name (an RFC 1123 label)."
  }
}

variable "services" {
  description = "The declared services: each gets an IRSA role <name>-<service> trusted by its service account <namespace>:<service>."
  type        = set(string)

  validation {
    condition     = alltrue([for s in var.services : can(regex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$", s)) && s != "external-secrets"])
    error_message = "services must be RFC 1123 labels, and none may be external-secrets (that role is the platform's)."
  }
}

variable "queue_senders" {
  description = "Each declared send, keyed <service>/<queue>: the service's role may send to the queue."
  type        = map(object({ service = string, queue = string }))

  validation {
    condition     = alltrue([for u in values(var.queue_senders) : contains(var.services, u.service)])
    error_message = "queue_senders must name services of var.services."
  }
}

variable "queue_receivers" {
  description = "Each declared receive, keyed <service>/<queue>: the service's role may receive from the queue and read its DLQ's depth."
  type        = map(object({ service = string, queue = string }))

  validation {
    condition     = alltrue([for u in values(var.queue_receivers) : contains(var.services, u.service)])
    error_message = "queue_receivers must name services of var.services."
  }
}

variable "oauth_clients" {
  description = "Each declared oauth-client, by service: the Secrets Manager secret <name>/<service>/oauth-client its credentials go in, readable by External Secrets (scopes: what its client at the identity provider is allowed)."
  type        = map(object({ scopes = list(string) }))
  default     = {}

  validation {
    condition     = alltrue([for s, c in var.oauth_clients : contains(var.services, s) && length(c.scopes) > 0 && alltrue([for scope in c.scopes : can(regex("^[a-z][a-z0-9-]*[a-z0-9]:(read|write)$", scope))])])
    error_message = "oauth_clients must be keyed by services of var.services, each with scopes <service>:read or <service>:write."
  }
}

variable "oauth_client_recovery_window_in_days" {
  description = "Days a deleted OAuth client secret can be restored (0 deletes at once; AWS allows 7-30 otherwise)."
  type        = number
  default     = 7

  validation {
    condition     = var.oauth_client_recovery_window_in_days == 0 || (var.oauth_client_recovery_window_in_days >= 7 && var.oauth_client_recovery_window_in_days <= 30)
    error_message = "oauth_client_recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "queues" {
  description = "The queues the senders and receivers name, by id: the FIFO queue's ARN, its DLQ's and their KMS key's."
  type        = map(object({ arn = string, dlq_arn = string, kms_key_arn = string }))

  validation {
    condition = alltrue([
      for q in values(var.queues) :
      can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+\\.fifo$", q.arn)) &&
      can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+\\.fifo$", q.dlq_arn)) &&
      can(regex("^arn:aws[a-z-]*:kms:", q.kms_key_arn))
    ])
    error_message = "queues must give each queue's and DLQ's FIFO queue ARN and its KMS key ARN."
  }

  validation {
    condition     = alltrue([for u in concat(values(var.queue_senders), values(var.queue_receivers)) : contains(keys(var.queues), u.queue)])
    error_message = "every queue a sender or receiver names must be in queues."
  }
}

variable "database_secret_arn" {
  description = "ARN of the Aurora-managed master user secret External Secrets reads."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:", var.database_secret_arn))
    error_message = "database_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "database_kms_key_arn" {
  description = "KMS key encrypting the database secret."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.database_kms_key_arn))
    error_message = "database_kms_key_arn must be a KMS key ARN."
  }
}

variable "repository_arns" {
  description = "ECR repository ARNs the CI role pushes to and the release role tags."
  type        = list(string)

  validation {
    condition     = length(var.repository_arns) >= 1 && alltrue([for a in var.repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", a))])
    error_message = "repository_arns must list ECR repository ARNs, without wildcards."
  }
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket (from terraform/bootstrap): the PR role reads it for plans."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$", var.state_bucket_arn))
    error_message = "state_bucket_arn must be an S3 bucket ARN."
  }
}

variable "state_kms_key_arn" {
  description = "ARN of the KMS key encrypting the Terraform state (from terraform/bootstrap)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.state_kms_key_arn))
    error_message = "state_kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
