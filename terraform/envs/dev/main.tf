# One environment: network, cluster, messaging, registry, database, identity, DNS and alarms. The values
# that differ between dev and prod are in settings.tf.

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name = "${var.project}-${local.environment}"
  azs  = slice(data.aws_availability_zones.available.names, 0, 2)
}

module "network" {
  source = "../../modules/network"

  name                   = local.name
  azs                    = local.azs
  one_nat_gateway_per_az = local.one_nat_gateway_per_az
  cluster_name           = local.name
}

module "cluster" {
  source = "../../modules/cluster"

  name               = local.name
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  api_allowed_cidrs  = var.api_allowed_cidrs
  # Created by the identity module: every role the Terraform role creates carries it.
  permissions_boundary_arn = module.identity.permissions_boundary_arn
  pricing_node_count       = local.pricing_node_count
  inventory_pods = {
    namespace = local.namespace
    labels    = { "app.kubernetes.io/name" = "inventory" }
  }
}

module "messaging" {
  source = "../../modules/messaging"

  name              = "${local.name}-inventory-events"
  max_receive_count = var.max_receive_count
}

# The repositories belong to the account layer (terraform/bootstrap): images outlive environments.
data "aws_ecr_repository" "service" {
  for_each = toset(["inventory", "pricing"])

  name = "${var.project}/${each.key}"
}

module "database" {
  source = "../../modules/database"

  name                        = local.name
  database_name               = replace(var.project, "-", "_")
  min_capacity                = local.database.min_capacity
  max_capacity                = local.database.max_capacity
  instance_count              = local.database.instance_count
  deletion_protection         = local.database.deletion_protection
  vpc_id                      = module.network.vpc_id
  db_subnet_group_name        = module.network.database_subnet_group_name
  workload_security_group_ids = module.cluster.workload_security_group_ids
}

module "identity" {
  source = "../../modules/identity"

  name                        = local.name
  environment                 = local.environment
  github_repository           = var.github_repository
  create_github_oidc_provider = false # created once per account by terraform/bootstrap
  service_accounts = {
    inventory        = "${local.namespace}:inventory"
    pricing          = "${local.namespace}:pricing"
    external_secrets = "${local.namespace}:external-secrets"
  }
  cluster_oidc_provider_arn = module.cluster.oidc_provider_arn
  cluster_oidc_provider     = module.cluster.oidc_provider
  queue_arn                 = module.messaging.queue_arn
  dlq_arn                   = module.messaging.dlq_arn
  queue_kms_key_arn         = module.messaging.kms_key_arn
  database_secret_arn       = module.database.secret_arn
  database_kms_key_arn      = module.database.kms_key_arn
  repository_arns           = [for r in data.aws_ecr_repository.service : r.arn]
  state_bucket_arn          = "arn:${data.aws_partition.current.partition}:s3:::${var.state_bucket}"
  state_kms_key_arn         = var.state_kms_key_arn
}

module "dns" {
  source = "../../modules/dns"

  zone_name = var.zone_name
  hostname  = var.hostname
  # The name the cluster is created with, not module.cluster's output: the ALB lookup must stay a plan-time
  # read (one that waited on the cluster's pending changes would leave the record's count unknown).
  cluster_name  = local.name
  ingress_stack = "${local.namespace}/shop"
}

module "observability" {
  source = "../../modules/observability"

  name        = local.name
  queue_name  = module.messaging.queue_name
  dlq_name    = module.messaging.dlq_name
  alarm_email = var.alarm_email

  cluster_oidc_provider_arn = module.cluster.oidc_provider_arn
  permissions_boundary_arn  = module.identity.permissions_boundary_arn
}
