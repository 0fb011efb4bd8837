# What the account shares across environments and keeps when an environment goes down: the container
# images (one registry: a release tags the digests main built, and prod pins those same digests; after
# `npm run down -- dev` and `up` again, the digests pinned in gitops/ still exist) and the GitHub OIDC
# provider (one per account; both environments' GitHub roles trust it).

module "registry" {
  source = "../modules/registry"

  name     = var.project
  services = var.services
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}
