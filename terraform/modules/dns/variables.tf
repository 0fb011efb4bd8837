variable "zone_name" {
  description = "Public Route 53 hosted zone that already exists in the account, e.g. shop.acme.dev."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.zone_name))
    error_message = "zone_name must be a lower-case DNS name without a trailing dot, e.g. shop.acme.dev."
  }
}

variable "hostname" {
  description = "Host name of the environment's entrypoint: zone_name itself or a name inside it, e.g. dev.shop.acme.dev (HOSTNAME in gitops)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.hostname))
    error_message = "hostname must be a lower-case DNS name without a trailing dot."
  }

  validation {
    condition     = var.hostname == var.zone_name || endswith(var.hostname, ".${var.zone_name}")
    error_message = "hostname must be zone_name itself (its apex) or inside it (end with .<zone_name>)."
  }
}

variable "cluster_name" {
  description = "EKS cluster whose AWS Load Balancer Controller created the entrypoint's ALB (its tag elbv2.k8s.aws/cluster)."
  type        = string

  validation {
    condition     = length(var.cluster_name) > 0
    error_message = "cluster_name must not be empty."
  }
}

variable "ingress_stack" {
  description = "The entrypoint ALB's ingress.k8s.aws/stack tag: <namespace>/<ingress name> for a single Ingress, the group name for an IngressGroup."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$", var.ingress_stack))
    error_message = "ingress_stack must be <namespace>/<ingress name> or an IngressGroup name."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
