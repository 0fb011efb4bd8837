# The names scripts/terraform/outputs.ts carries into gitops/apps/<env>/aws.env and the GitHub variables.

output "region" {
  description = "AWS region (AWS_REGION)."
  value       = var.region
}

output "account_id" {
  description = "AWS account ID (AWS_ACCOUNT_ID)."
  value       = data.aws_caller_identity.current.account_id
}

output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name)."
  value       = module.cluster.cluster_name
}

output "inventory_role_arn" {
  description = "IRSA role of the inventory service account (INVENTORY_ROLE_ARN)."
  value       = module.identity.inventory_role_arn
}

output "pricing_role_arn" {
  description = "IRSA role of the pricing service account (PRICING_ROLE_ARN)."
  value       = module.identity.pricing_role_arn
}

output "external_secrets_role_arn" {
  description = "IRSA role of External Secrets (EXTERNAL_SECRETS_ROLE_ARN)."
  value       = module.identity.external_secrets_role_arn
}

output "queue_url" {
  description = "FIFO event queue URL (SQS_QUEUE_URL)."
  value       = module.messaging.queue_url
}

output "dlq_url" {
  description = "FIFO dead-letter queue URL (SQS_DLQ_URL)."
  value       = module.messaging.dlq_url
}

output "database_endpoint" {
  description = "Aurora writer endpoint (DATABASE_HOST)."
  value       = module.database.endpoint
}

output "database_name" {
  description = "Database name (DATABASE_NAME)."
  value       = module.database.database_name
}

output "database_secret_arn" {
  description = "Aurora-managed master user secret (DATABASE_SECRET_ARN)."
  value       = module.database.secret_arn
}

output "certificate_arn" {
  description = "ACM certificate of the entrypoint (CERTIFICATE_ARN)."
  value       = module.dns.certificate_arn
}

output "hostname" {
  description = "Entrypoint host name (HOSTNAME)."
  value       = module.dns.hostname
}

output "inventory_repository_url" {
  description = "ECR repository of inventory (INVENTORY_REPOSITORY)."
  value       = data.aws_ecr_repository.service["inventory"].repository_url
}

output "pricing_repository_url" {
  description = "ECR repository of pricing (PRICING_REPOSITORY)."
  value       = data.aws_ecr_repository.service["pricing"].repository_url
}

output "ecr_registry" {
  description = "ECR registry host (GitHub variable ECR_REGISTRY)."
  value       = split("/", data.aws_ecr_repository.service["inventory"].repository_url)[0]
}

output "ci_role_arn" {
  description = "GitHub variable AWS_CI_ROLE_ARN."
  value       = module.identity.ci_role_arn
}

output "pr_role_arn" {
  description = "GitHub variable AWS_PR_ROLE_ARN."
  value       = module.identity.pr_role_arn
}

output "release_role_arn" {
  description = "GitHub variable AWS_RELEASE_ROLE_ARN."
  value       = module.identity.release_role_arn
}

output "deploy_role_arn" {
  description = "GitHub variable AWS_DEPLOY_ROLE_ARN (environment dev)."
  value       = module.identity.deploy_role_arn
}

output "terraform_role_arn" {
  description = "GitHub variable AWS_TERRAFORM_ROLE_ARN (environment terraform-<env>)."
  value       = module.identity.terraform_role_arn
}

output "alb_controller_role_arn" {
  description = "IRSA role of the AWS Load Balancer Controller (kube-system/aws-load-balancer-controller)."
  value       = module.cluster.alb_controller_role_arn
}

# The controllers' values (gitops/clusters/<env>/aws.env).

output "vpc_id" {
  description = "VPC of the cluster; the Load Balancer Controller on Fargate cannot ask instance metadata (VPC_ID)."
  value       = module.network.vpc_id
}

output "cluster_autoscaler_role_arn" {
  description = "IRSA role of Cluster Autoscaler (CLUSTER_AUTOSCALER_ROLE_ARN)."
  value       = module.cluster.cluster_autoscaler_role_arn
}

output "loki_bucket" {
  description = "S3 bucket of Loki's chunks and index (LOKI_BUCKET)."
  value       = module.observability.loki_bucket
}

output "loki_role_arn" {
  description = "IRSA role of Loki (LOKI_ROLE_ARN)."
  value       = module.observability.loki_role_arn
}

output "alertmanager_role_arn" {
  description = "IRSA role of Alertmanager, which publishes to the alarm topic (ALERTMANAGER_ROLE_ARN)."
  value       = module.observability.alertmanager_role_arn
}

output "alerts_topic_arn" {
  description = "SNS topic of the queue alarms and of Alertmanager's alerts (ALERTS_TOPIC_ARN)."
  value       = module.observability.topic_arn
}
