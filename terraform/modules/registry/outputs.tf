output "repository_urls" {
  description = "Repository URL per service (<account>.dkr.ecr.<region>.amazonaws.com/<name>/<service>)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "repository_arns" {
  description = "Repository ARN per service."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}

output "registry" {
  description = "Registry host of the repositories (<account>.dkr.ecr.<region>.amazonaws.com): the ECR_REGISTRY GitHub variable."
  value       = split("/", values(aws_ecr_repository.this)[0].repository_url)[0]
}

output "kms_key_arn" {
  description = "KMS key encrypting the images (ECR uses it through a grant it creates with the repository)."
  value       = aws_kms_key.this.arn
}
