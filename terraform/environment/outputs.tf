# The names scripts/terraform/outputs.ts carries into the environment's aws.env and the GitHub variables: one
# output per platform value, and a map by service or queue id for what each service declares.

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

output "service_role_arns" {
  description = "IRSA role of each service's service account, by service (<NAME>_ROLE_ARN)."
  value       = module.identity.service_role_arns
}

output "external_secrets_role_arn" {
  description = "IRSA role of External Secrets (EXTERNAL_SECRETS_ROLE_ARN)."
  value       = module.identity.external_secrets_role_arn
}

output "queues" {
  description = "Each queue the services declare, by id: its URL and its DLQ's (<ID>_QUEUE_URL, <ID>_DLQ_URL)."
  value = {
    for id, queue in module.messaging : id => {
      url     = queue.queue_url
      dlq_url = queue.dlq_url
    }
  }
}

output "oauth_client_secrets" {
  description = "The Secrets Manager secret of each declared OAuth client, by service (<NAME>_OAUTH_CLIENT_SECRET)."
  value       = module.identity.oauth_client_secrets
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

output "repository_urls" {
  description = "ECR repository of each service, by service (<NAME>_REPOSITORY)."
  value       = { for name, repository in data.aws_ecr_repository.service : name => repository.repository_url }
}

output "ecr_registry" {
  description = "ECR registry host (GitHub variable ECR_REGISTRY)."
  value       = split("/", values(data.aws_ecr_repository.service)[0].repository_url)[0]
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
