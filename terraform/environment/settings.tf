# Everything that differs between dev and prod, declared once: the values are in dev.tfvars and prod.tfvars
# (committed), passed with `-var-file=<env>.tfvars` by `npm run up` and infra.yml.

variable "environment" {
  description = "The environment this apply is for (dev, prod): the second part of every resource name, <project>-<environment>."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod (a GitHub environment terraform-<environment> and a state key exist for each)."
  }
}

variable "one_nat_gateway_per_az" {
  description = "One NAT gateway per AZ (an AZ outage keeps the other AZ's egress), or one for the VPC (about 33 USD a month per AZ saved)."
  type        = bool
}

variable "database" {
  description = "Aurora Serverless v2 capacity (ACU), instances (a second one is a reader in another AZ to fail over to) and deletion protection."
  type = object({
    min_capacity        = number
    max_capacity        = number
    instance_count      = number
    deletion_protection = bool
  })

  validation {
    condition     = var.database.min_capacity >= 0.5 && var.database.min_capacity <= var.database.max_capacity && var.database.max_capacity <= 256
    error_message = "database capacities must satisfy 0.5 <= min_capacity <= max_capacity <= 256 ACU."
  }

  validation {
    condition     = var.database.instance_count >= 1 && var.database.instance_count <= 15 && floor(var.database.instance_count) == var.database.instance_count
    error_message = "database.instance_count must be a whole number from 1 to 15."
  }

  # The one setting a typo must never flip: prod's data outlives any destroy (the deletion-protection check too).
  validation {
    condition     = var.environment != "prod" || var.database.deletion_protection
    error_message = "database.deletion_protection must be true in prod; turn it off only on purpose, for a planned `npm run down -- prod`."
  }
}

variable "pricing_node_count" {
  description = "Size of pricing's Spot node group (modules/cluster): min, desired and max nodes."
  type        = object({ min = number, desired = number, max = number })

  validation {
    condition     = var.pricing_node_count.min >= 1 && var.pricing_node_count.min <= var.pricing_node_count.desired && var.pricing_node_count.desired <= var.pricing_node_count.max
    error_message = "pricing_node_count must satisfy 1 <= min <= desired <= max."
  }
}
