variable "name" {
  description = "Name of the EKS cluster, e.g. delivery-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.name))
    error_message = "name must start with a letter and contain only letters, digits and hyphens (at most 100)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes <major>.<minor> version of the control plane."
  type        = string
  default     = "1.34"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.34."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the cluster runs in."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets for the control plane ENIs, the Fargate pods and the Spot nodes (at least two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for s in var.private_subnet_ids : startswith(s, "subnet-")])
    error_message = "private_subnet_ids must list at least two subnet IDs (subnet-...)."
  }
}

variable "api_allowed_cidrs" {
  description = "CIDR blocks allowed to reach the public Kubernetes API endpoint (operators running `npm run up`). Empty: private endpoint only. Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.api_allowed_cidrs : can(cidrhost(c, 0))])
    error_message = "api_allowed_cidrs must contain only valid CIDR blocks, e.g. 198.18.7.0/24."
  }

  validation {
    condition     = !anytrue([for c in var.api_allowed_cidrs : endswith(c, "/0")])
    error_message = "api_allowed_cidrs must not open the API endpoint to the whole internet (0.0.0.0/0 or ::/0): CKV_AWS_38."
  }
}

variable "services_namespace" {
  description = "Namespace of the services: its pods labelled platform.shop/compute = fargate run on Fargate (pricing's, labelled spot, on its node group)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.services_namespace))
    error_message = "services_namespace must be a Kubernetes namespace name (an RFC 1123 label)."
  }
}

variable "system_namespaces" {
  description = "Namespaces of the platform pods that run on Fargate (DNS, Argo CD, External Secrets, the load balancer controller, monitoring)."
  type        = list(string)
  default     = ["kube-system", "argocd", "external-secrets", "monitoring"]

  validation {
    condition     = length(var.system_namespaces) >= 1 && length(var.system_namespaces) <= 4 && contains(var.system_namespaces, "kube-system")
    error_message = "system_namespaces must include kube-system and list at most 4 namespaces (5 selectors per Fargate profile, one is the services')."
  }

  validation {
    condition     = alltrue([for n in var.system_namespaces : can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", n))])
    error_message = "system_namespaces must contain Kubernetes namespace names (RFC 1123 labels)."
  }
}

variable "pricing_instance_types" {
  description = "Instance types of the pricing Spot node group; several types in one size class make a Spot interruption less likely."
  type        = list(string)
  default     = ["t3.medium", "t3a.medium"]

  validation {
    condition     = length(var.pricing_instance_types) >= 2 && alltrue([for t in var.pricing_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t))])
    error_message = "pricing_instance_types must list at least two EC2 instance types (e.g. t3.medium) so Spot can fall back."
  }
}

variable "pricing_node_count" {
  description = "Sizes of the pricing Spot node group."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 1, desired = 1, max = 3 }

  validation {
    condition     = var.pricing_node_count.min >= 1 && var.pricing_node_count.min <= var.pricing_node_count.desired && var.pricing_node_count.desired <= var.pricing_node_count.max
    error_message = "pricing_node_count must satisfy 1 <= min <= desired <= max."
  }
}

variable "pricing_metrics_port" {
  description = "Container port of pricing's HTTP server (/metrics), which Prometheus on Fargate scrapes on the Spot nodes (gitops/apps/base/pricing)."
  type        = number
  default     = 8081

  validation {
    condition     = var.pricing_metrics_port >= 1024 && var.pricing_metrics_port <= 65535 && floor(var.pricing_metrics_port) == var.pricing_metrics_port
    error_message = "pricing_metrics_port must be an unprivileged TCP port (1024-65535)."
  }
}

variable "log_retention_days" {
  description = "Days the control-plane logs are kept in CloudWatch Logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the cluster's IAM roles (the GitHub Terraform role may create roles only with it)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}
