# Per-workload IAM roles assumed through IRSA (the pod's service account token, trusted by the cluster's
# OIDC provider for one exact namespace:name). Each policy names its actions and resources exactly: no "*".
# Inventory also reads its queue's attributes because its /ready probe calls GetQueueAttributes
# (services/lib/src/sqs.ts checkQueue); without it the pods would never turn ready.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_iam_policy_document" "inventory" {
  statement {
    sid       = "PublishEvents"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes"]
    resources = [var.queue_arn]
  }

  statement {
    sid       = "EncryptEvents"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.queue_kms_key_arn]
  }
}

data "aws_iam_policy_document" "pricing" {
  statement {
    sid = "ConsumeEvents"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [var.queue_arn]
  }

  statement {
    sid       = "ReadDeadLetterDepth"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [var.dlq_arn]
  }

  statement {
    sid       = "DecryptEvents"
    actions   = ["kms:Decrypt"]
    resources = [var.queue_kms_key_arn]
  }
}

data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid       = "ReadDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [var.database_secret_arn]
  }

  statement {
    sid       = "DecryptDatabaseSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.database_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

locals {
  workloads = {
    inventory = {
      service_account = var.service_accounts.inventory
      policy          = data.aws_iam_policy_document.inventory.json
    }
    pricing = {
      service_account = var.service_accounts.pricing
      policy          = data.aws_iam_policy_document.pricing.json
    }
    external-secrets = {
      service_account = var.service_accounts.external_secrets
      policy          = data.aws_iam_policy_document.external_secrets.json
    }
  }
}

data "aws_iam_policy_document" "workload_trust" {
  for_each = local.workloads

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
      values   = ["system:serviceaccount:${each.value.service_account}"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.workloads

  name                 = "${var.name}-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.workload_trust[each.key].json
  permissions_boundary = aws_iam_policy.boundary.arn

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = local.workloads

  name   = "${var.name}-${each.key}"
  role   = aws_iam_role.this[each.key].id
  policy = each.value.policy
}

# The permissions boundary of every role the GitHub Terraform role creates (workloads, GitHub roles, the
# cluster's roles): the services this environment runs on, IAM reads and service-linked roles, no other IAM
# write, so no role made under the prefix can grant itself or another more.
data "aws_iam_policy_document" "boundary" {
  statement {
    sid = "EnvironmentServices"
    actions = [
      "acm:*",
      "autoscaling:*",
      "cloudwatch:*",
      "cognito-idp:DescribeUserPoolClient",
      "dynamodb:Describe*",
      "dynamodb:List*",
      "ec2:*",
      "ecr:*",
      "eks:*",
      "elasticloadbalancing:*",
      "kms:*",
      "logs:*",
      "rds:*",
      "route53:*",
      "s3:*",
      "secretsmanager:*",
      "shield:*",
      "sns:*",
      "sqs:*",
      "ssm:GetParameter*",
      "sts:*",
      "tag:GetResources",
      "waf-regional:*",
      "wafv2:*",
      "iam:Get*",
      "iam:List*",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the roles the GitHub Terraform role creates."
  policy      = data.aws_iam_policy_document.boundary.json

  tags = var.tags
}
