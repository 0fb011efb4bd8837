variable "name" {
  description = "Identifier of the Aurora cluster, e.g. delivery-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 2-63 lower-case letters, digits and single hyphens, starting with a letter."
  }
}

variable "database_name" {
  description = "Name of the database the services use (DATABASE_NAME)."
  type        = string
  default     = "shop"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and contain at most 63 lower-case letters, digits or underscores."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL <major>.<minor> version (Serverless v2 needs 13.6 or newer)."
  type        = string
  default     = "17.5"

  validation {
    condition     = can(regex("^1[3-9]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be an Aurora PostgreSQL version 13.x or newer, e.g. 17.5."
  }
}

variable "min_capacity" {
  description = "Minimum Aurora capacity units (ACU) of Serverless v2: 0.5 in dev (the cost floor while connections are open), more in prod."
  type        = number

  validation {
    condition     = var.min_capacity >= 0.5 && var.min_capacity <= 256 && floor(var.min_capacity * 2) == var.min_capacity * 2
    error_message = "min_capacity must be a multiple of 0.5 between 0.5 and 256."
  }
}

variable "max_capacity" {
  description = "Maximum Aurora capacity units (ACU) of Serverless v2."
  type        = number

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256 && floor(var.max_capacity * 2) == var.max_capacity * 2
    error_message = "max_capacity must be a multiple of 0.5 between 1 and 256."
  }

  validation {
    condition     = var.max_capacity >= var.min_capacity
    error_message = "max_capacity must be at least min_capacity."
  }
}

variable "instance_count" {
  description = "Serverless v2 instances: 1 in dev (writer only), 2 in prod (a reader in another AZ to fail over to)."
  type        = number

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 15 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be a whole number from 1 to 15."
  }
}

variable "vpc_id" {
  description = "ID of the VPC of the database security group."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "db_subnet_group_name" {
  description = "Database subnet group (private database subnets of the network module)."
  type        = string

  validation {
    condition     = length(var.db_subnet_group_name) > 0
    error_message = "db_subnet_group_name must not be empty."
  }
}

variable "workload_security_group_ids" {
  description = "Security groups of the workloads (the EKS cluster primary group for Fargate pods, the node group): the only sources allowed to reach PostgreSQL."
  type        = list(string)

  validation {
    condition     = length(var.workload_security_group_ids) >= 1
    error_message = "workload_security_group_ids must list at least one security group: the database is reachable only from the workloads."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster (prod: true; dev: false so `npm run down` can remove it)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "log_retention_days" {
  description = "Days the exported PostgreSQL logs are kept in CloudWatch Logs."
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
