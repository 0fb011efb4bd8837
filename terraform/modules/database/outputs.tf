output "endpoint" {
  description = "Writer endpoint of the cluster (DATABASE_HOST)."
  value       = module.this.cluster_endpoint
}

output "database_name" {
  description = "Name of the database (DATABASE_NAME)."
  value       = module.this.cluster_database_name
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user (JSON with username and password: DATABASE_SECRET_ARN)."
  value       = module.this.cluster_master_user_secret[0].secret_arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the storage and the master user secret (External Secrets needs kms:Decrypt on it)."
  value       = aws_kms_key.this.arn
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = module.this.security_group_id
}
