# The services' OAuth 2.0 client credentials (each declared oauth-client resource, var.oauth_clients): one
# Secrets Manager secret per client, <name>/<service>/oauth-client, created empty on a rotating key of its
# own. No aws_secretsmanager_secret_version: Terraform owns the container, the operator owns the value (the
# identity provider's client_id and client_secret as JSON, FORKING.md), so it is never in git or in state.
# External Secrets reads exactly these (below) and hands each to its service's pods
# (gitops/apps/components/oauth-client).

resource "aws_kms_key" "oauth_clients" {
  count = length(var.oauth_clients) > 0 ? 1 : 0

  description         = "${var.name}: the services' OAuth client credentials"
  enable_key_rotation = true

  tags = var.tags
}

resource "aws_kms_alias" "oauth_clients" {
  count = length(var.oauth_clients) > 0 ? 1 : 0

  name          = "alias/${var.name}-oauth-clients"
  target_key_id = aws_kms_key.oauth_clients[0].key_id
}

resource "aws_secretsmanager_secret" "oauth_client" {
  for_each = var.oauth_clients

  name                    = "${var.name}/${each.key}/oauth-client"
  description             = "OAuth client credentials of ${each.key} at the identity provider (JSON: client_id, client_secret; its client is allowed ${join(" ", each.value.scopes)})"
  kms_key_id              = aws_kms_key.oauth_clients[0].arn
  recovery_window_in_days = var.oauth_client_recovery_window_in_days

  tags = var.tags
}

# External Secrets reads each client's secret, one inline policy per client naming exactly it and its key.
data "aws_iam_policy_document" "external_secrets_oauth_client" {
  for_each = var.oauth_clients

  statement {
    sid       = "ReadTheOAuthClientSecret"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.oauth_client[each.key].arn]
  }

  statement {
    sid       = "DecryptTheOAuthClientSecret"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.oauth_clients[0].arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "external_secrets_oauth_client" {
  for_each = var.oauth_clients

  name   = "${var.name}-external-secrets-${each.key}-oauth-client"
  role   = aws_iam_role.external_secrets.id
  policy = data.aws_iam_policy_document.external_secrets_oauth_client[each.key].json
}
