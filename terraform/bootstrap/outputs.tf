output "state_bucket" {
  description = "Name of the state bucket; pass it to the environments' `terraform init -backend-config=bucket=...`."
  value       = aws_s3_bucket.this.id
}

output "state_bucket_arn" {
  description = "ARN of the state bucket (the Terraform and PR roles are scoped to it)."
  value       = aws_s3_bucket.this.arn
}

output "state_kms_key_arn" {
  description = "ARN of the KMS key encrypting the state; pass it as `-backend-config=kms_key_id=...`."
  value       = aws_kms_key.this.arn
}

output "ecr_registry" {
  description = "Registry host of the service repositories (GitHub variable ECR_REGISTRY)."
  value       = module.registry.registry
}

output "repository_urls" {
  description = "ECR repository URL per service."
  value       = module.registry.repository_urls
}

output "github_oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider."
  value       = one(concat(aws_iam_openid_connect_provider.github[*].arn, data.aws_iam_openid_connect_provider.github[*].arn))
}

output "region" {
  description = "Region of the state bucket."
  value       = var.region
}

output "account_id" {
  description = "Account that owns the state bucket."
  value       = data.aws_caller_identity.current.account_id
}

output "partition" {
  description = "AWS partition of the account (aws, aws-us-gov, aws-cn)."
  value       = data.aws_partition.current.partition
}
