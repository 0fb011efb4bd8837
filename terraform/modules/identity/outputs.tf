output "service_role_arns" {
  description = "IRSA role of each service's service account, by service (<NAME>_ROLE_ARN)."
  value       = { for name, role in aws_iam_role.this : name => role.arn }
}

output "external_secrets_role_arn" {
  description = "IRSA role of the External Secrets Operator (EXTERNAL_SECRETS_ROLE_ARN)."
  value       = aws_iam_role.external_secrets.arn
}

output "oauth_client_secrets" {
  description = "The Secrets Manager secret of each declared OAuth client, by service (<NAME>_OAUTH_CLIENT_SECRET): put its client_id and client_secret there."
  value       = { for service, secret in aws_secretsmanager_secret.oauth_client : service => secret.name }
}

output "ci_role_arn" {
  description = "Role of the main-branch workflow (AWS_CI_ROLE_ARN): pushes images."
  value       = aws_iam_role.github["ci"].arn
}

output "pr_role_arn" {
  description = "Role of pull-request workflows (AWS_PR_ROLE_ARN): terraform plan (state read, metadata reads, no data reads, no writes)."
  value       = aws_iam_role.github["pr"].arn
}

output "release_role_arn" {
  description = "Role of the release workflow in the production environment (AWS_RELEASE_ROLE_ARN): ECR tag and describe."
  value       = aws_iam_role.github["release"].arn
}

output "deploy_role_arn" {
  description = "Role of the dev bump in the dev GitHub environment (AWS_DEPLOY_ROLE_ARN): pull the pinned images' manifests and configs."
  value       = aws_iam_role.github["deploy"].arn
}

output "terraform_role_arn" {
  description = "Role of the infrastructure workflow in the terraform-<environment> GitHub environment (AWS_TERRAFORM_ROLE_ARN): terraform apply."
  value       = aws_iam_role.github["terraform"].arn
}

output "github_oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider."
  value       = local.github_provider_arn
}

output "permissions_boundary_arn" {
  description = "Permissions boundary every role created by the GitHub Terraform role must carry (the cluster's roles too)."
  value       = aws_iam_policy.boundary.arn
}
