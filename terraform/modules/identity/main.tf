# Per-workload IAM roles assumed through IRSA (the pod's service account token, trusted by the cluster's
# OIDC provider for one exact namespace:name). One role per declared service, <name>-<service>, whose
# permissions follow from what it declares (var.queue_senders, var.queue_receivers): each queue it uses gives
# it one inline policy of exactly that use's actions on that queue, its DLQ and its key; a service that
# declares no queue gets a role with no permission at all. No policy names an action or resource with "*".

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_iam_policy_document" "service_trust" {
  for_each = var.services

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
      values   = ["system:serviceaccount:${var.namespace}:${each.key}"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = var.services

  name                 = "${var.name}-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.service_trust[each.key].json
  permissions_boundary = aws_iam_policy.boundary.arn

  tags = var.tags
}

# A sender publishes (SendMessage) and reads the queue's attributes: every service's /ready probe calls
# GetQueueAttributes on the queues it names (services/lib/src/sqs.ts checkQueue). The queues are encrypted
# with their KMS key, so sending needs a data key.
data "aws_iam_policy_document" "send" {
  for_each = var.queue_senders

  statement {
    sid       = "SendToTheQueue"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes"]
    resources = [var.queues[each.value.queue].arn]
  }

  statement {
    sid       = "EncryptWithTheQueueKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.queues[each.value.queue].kms_key_arn]
  }
}

resource "aws_iam_role_policy" "send" {
  for_each = var.queue_senders

  name   = "${var.name}-${each.value.service}-send-${each.value.queue}"
  role   = aws_iam_role.this[each.value.service].id
  policy = data.aws_iam_policy_document.send[each.key].json
}

# A receiver receives, deletes what it has handled, extends the visibility of what it is still working on,
# and reads the attributes of the queue (its /ready probe) and of the DLQ (its depth gauge,
# services/pricing/src/queue-depth.ts); it decrypts with the queue's key.
data "aws_iam_policy_document" "receive" {
  for_each = var.queue_receivers

  statement {
    sid = "ReceiveFromTheQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [var.queues[each.value.queue].arn]
  }

  statement {
    sid       = "ReadTheDeadLetterDepth"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [var.queues[each.value.queue].dlq_arn]
  }

  statement {
    sid       = "DecryptWithTheQueueKey"
    actions   = ["kms:Decrypt"]
    resources = [var.queues[each.value.queue].kms_key_arn]
  }
}

resource "aws_iam_role_policy" "receive" {
  for_each = var.queue_receivers

  name   = "${var.name}-${each.value.service}-receive-${each.value.queue}"
  role   = aws_iam_role.this[each.value.service].id
  policy = data.aws_iam_policy_document.receive[each.key].json
}

# External Secrets Operator, a platform workload of the services' namespace: it reads the database secret
# the SecretStore hands to the services (and each declared OAuth client's: oauth-clients.tf).
data "aws_iam_policy_document" "external_secrets_trust" {
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
      values   = ["system:serviceaccount:${var.namespace}:external-secrets"]
    }
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

resource "aws_iam_role" "external_secrets" {
  name                 = "${var.name}-external-secrets"
  assume_role_policy   = data.aws_iam_policy_document.external_secrets_trust.json
  permissions_boundary = aws_iam_policy.boundary.arn

  tags = var.tags
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "${var.name}-external-secrets"
  role   = aws_iam_role.external_secrets.id
  policy = data.aws_iam_policy_document.external_secrets.json
}

# Applied when the workload roles were one map with External Secrets in it: the same role and policy, moved.
moved {
  from = aws_iam_role.this["external-secrets"]
  to   = aws_iam_role.external_secrets
}

moved {
  from = aws_iam_role_policy.this["external-secrets"]
  to   = aws_iam_role_policy.external_secrets
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
