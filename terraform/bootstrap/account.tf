# What the account shares across environments and keeps when an environment goes down: the container
# images (one registry: a release tags the digests main built, and prod pins those same digests; after
# `npm run down -- dev` and `up` again, the digests pinned in gitops/ still exist) and the GitHub OIDC
# provider (one per account; both environments' GitHub roles trust it).

module "registry" {
  source = "../modules/registry"

  name     = var.project
  services = var.services
}

# An account holds one provider per URL: where another stack (or an earlier try) already made GitHub's,
# `create_github_oidc_provider = false` adopts it (looked up by its URL) instead of failing with
# EntityAlreadyExists. Adopted, it is never destroyed by this layer.
locals {
  github_oidc_url = "https://token.actions.githubusercontent.com"
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url            = local.github_oidc_url
  client_id_list = ["sts.amazonaws.com"]
}

# Applied before the provider had a count: the same provider, now instance 0.
moved {
  from = aws_iam_openid_connect_provider.github
  to   = aws_iam_openid_connect_provider.github[0]
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 0 : 1

  url = local.github_oidc_url
}
