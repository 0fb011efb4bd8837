# Argo CD's credentials for a private repository: an empty Secrets Manager secret (the container; its value
# is put by an operator with `aws secretsmanager put-secret-value`, so it is never in git or in Terraform
# state) and the IRSA role External Secrets Operator assumes, from the ServiceAccount argocd/<service
# account>, to read it and build Argo CD's repository Secret
# (gitops/infrastructure/configs/argocd-repository).

data "aws_region" "current" {}

resource "aws_kms_key" "this" {
  description         = "${var.name}: Argo CD repository credentials"
  enable_key_rotation = true

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-argocd-repository"
  target_key_id = aws_kms_key.this.key_id
}

# No aws_secretsmanager_secret_version: Terraform owns the container, the operator owns the value.
resource "aws_secretsmanager_secret" "this" {
  name                    = "${var.name}/argocd-repository"
  description             = "Argo CD repository credentials (JSON: url plus githubAppID, githubAppInstallationID, githubAppPrivateKey; or url plus sshPrivateKey)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "ServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.cluster_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.cluster_oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.cluster_oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.service_account}"]
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadRepositorySecret"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.this.arn]
  }

  statement {
    sid       = "DecryptRepositorySecret"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-argocd-repository"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-argocd-repository"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.read.json
}
