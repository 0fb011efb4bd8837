# Argo CD's credentials for a private repository (modules/argocd-repository): the secret container, whose
# value an operator puts, and the role External Secrets Operator reads it with.

module "argocd_repository" {
  source = "../modules/argocd-repository"

  name                      = local.name
  cluster_oidc_provider_arn = module.cluster.oidc_provider_arn
  cluster_oidc_provider     = module.cluster.oidc_provider
  permissions_boundary_arn  = module.identity.permissions_boundary_arn
}

output "argocd_repository_role_arn" {
  description = "IRSA role External Secrets Operator reads Argo CD's repository credentials with (ARGOCD_REPOSITORY_ROLE_ARN)."
  value       = module.argocd_repository.role_arn
}

output "argocd_repository_secret" {
  description = "Secrets Manager secret holding Argo CD's repository credentials (ARGOCD_REPOSITORY_SECRET)."
  value       = module.argocd_repository.secret_name
}
