variable "name" {
  description = "Name prefix (<project>-<env>): the secret is <name>/argocd-repository, the role <name>-argocd-repository."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "cluster_oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (IRSA)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/", var.cluster_oidc_provider_arn))
    error_message = "cluster_oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "cluster_oidc_provider" {
  description = "The cluster's OIDC issuer, host and path without https:// (the trust policy's condition key prefix)."
  type        = string

  validation {
    condition     = !startswith(var.cluster_oidc_provider, "https://") && length(var.cluster_oidc_provider) > 0
    error_message = "cluster_oidc_provider must be the issuer host and path without https://."
  }
}

variable "service_account" {
  description = "<namespace>:<name> of the ServiceAccount External Secrets Operator uses for the SecretStore in Argo CD's namespace."
  type        = string
  default     = "argocd:argocd-repository"

  validation {
    condition     = can(regex("^[a-z0-9-]+:[a-z0-9-]+$", var.service_account))
    error_message = "service_account must be <namespace>:<name>."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary every role made by the Terraform role carries."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can be restored (0 deletes at once; AWS allows 7-30 otherwise)."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
