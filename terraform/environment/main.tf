# One environment: network, cluster, database, identity, DNS and alarms (the services' queues and
# repositories are in services.tf). Every environment applies this same root: what differs between dev and
# prod is in <env>.tfvars (declared in settings.tf), and the state object is chosen at init (versions.tf).

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
  name = "${var.project}-${var.environment}"
  # The services' namespace (gitops/apps/<env> `namespace:`, derived from the same prefix): their service
  # accounts and the Fargate profile's selector.
  namespace = "${var.project}-${var.environment}"
  azs       = slice(data.aws_availability_zones.available.names, 0, 2)
}

module "network" {
  source = "../modules/network"

  name                   = local.name
  azs                    = local.azs
  one_nat_gateway_per_az = var.one_nat_gateway_per_az
  cluster_name           = local.name
}

module "cluster" {
  source = "../modules/cluster"

  name               = local.name
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  api_allowed_cidrs  = var.api_allowed_cidrs
  # Created by the identity module: every role the Terraform role creates carries it.
  permissions_boundary_arn = module.identity.permissions_boundary_arn
  # Every service runs on Fargate: the profile selects this namespace's pods labelled for it.
  services_namespace = local.namespace
  pricing_node_count = var.pricing_node_count
}

module "database" {
  source = "../modules/database"

  name                        = local.name
  database_name               = replace(var.project, "-", "_")
  min_capacity                = var.database.min_capacity
  max_capacity                = var.database.max_capacity
  instance_count              = var.database.instance_count
  deletion_protection         = var.database.deletion_protection
  vpc_id                      = module.network.vpc_id
  db_subnet_group_name        = module.network.database_subnet_group_name
  workload_security_group_ids = module.cluster.workload_security_group_ids
}

module "identity" {
  source = "../modules/identity"

  name                        = local.name
  environment                 = var.environment
  github_repository           = var.github_repository
  create_github_oidc_provider = false # created once per account by terraform/bootstrap
  namespace                   = local.namespace
  services                    = var.services
  queue_senders               = var.queue_senders
  queue_receivers             = var.queue_receivers
  oauth_clients               = var.oauth_clients
  queues = {
    for id, queue in module.messaging : id => {
      arn         = queue.queue_arn
      dlq_arn     = queue.dlq_arn
      kms_key_arn = queue.kms_key_arn
    }
  }
  cluster_oidc_provider_arn = module.cluster.oidc_provider_arn
  cluster_oidc_provider     = module.cluster.oidc_provider
  database_secret_arn       = module.database.secret_arn
  database_kms_key_arn      = module.database.kms_key_arn
  repository_arns           = [for r in data.aws_ecr_repository.service : r.arn]
  state_bucket_arn          = "arn:${data.aws_partition.current.partition}:s3:::${var.state_bucket}"
  state_kms_key_arn         = var.state_kms_key_arn
}

module "dns" {
  source = "../modules/dns"

  zone_name = var.zone_name
  hostname  = var.hostnames[var.environment]
  # The name the cluster is created with, not module.cluster's output: the ALB lookup must stay a plan-time
  # read (one that waited on the cluster's pending changes would leave the record's count unknown).
  cluster_name  = local.name
  ingress_stack = "${local.namespace}/shop"
}

module "observability" {
  source = "../modules/observability"

  name = local.name
  queues = {
    for id, queue in module.messaging : id => {
      name     = queue.queue_name
      dlq_name = queue.dlq_name
    }
  }
  alarm_email = var.alarm_email

  cluster_oidc_provider_arn = module.cluster.oidc_provider_arn
  permissions_boundary_arn  = module.identity.permissions_boundary_arn
}
