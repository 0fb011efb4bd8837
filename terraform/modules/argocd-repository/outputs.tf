output "secret_name" {
  description = "Name of the Secrets Manager secret whose value the operator puts (ARGOCD_REPOSITORY_SECRET)."
  value       = aws_secretsmanager_secret.this.name
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "role_arn" {
  description = "IRSA role External Secrets Operator assumes to read it (ARGOCD_REPOSITORY_ROLE_ARN)."
  value       = aws_iam_role.this.arn
}
