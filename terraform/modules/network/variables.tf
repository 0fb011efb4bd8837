variable "name" {
  description = "Name prefix of the VPC and its parts, e.g. delivery-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC; a /16 leaves room for the subnets below."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && tonumber(split("/", var.cidr)[1]) <= 20
    error_message = "cidr must be an IPv4 CIDR block of size /20 or larger, e.g. 10.0.0.0/16."
  }
}

variable "azs" {
  description = "Availability zones to spread the subnets over (two: the EKS control plane needs subnets in at least two)."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2 && length(distinct(var.azs)) == length(var.azs)
    error_message = "azs must list at least two distinct availability zones."
  }
}

variable "one_nat_gateway_per_az" {
  description = "true: one NAT gateway per AZ (prod: an AZ outage keeps egress); false: a single NAT gateway (dev: about 33 USD a month less per AZ)."
  type        = bool
}

variable "cluster_name" {
  description = "EKS cluster name, used in the subnet tags the AWS Load Balancer Controller discovers subnets by."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,99}$", var.cluster_name))
    error_message = "cluster_name must start with a letter and contain only letters, digits and hyphens (at most 100)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
