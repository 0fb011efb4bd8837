# The EKS module creates the control-plane log group (/aws/eks/<name>/cluster) with the retention it is
# given but, at 21.x, no KMS key unless told one (CKV_AWS_158). The module's own key encrypts the Secrets and
# its policy has no room for CloudWatch Logs, so the logs get a key of their own.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # The name EKS writes the control-plane logs to, and the module gives its group.
  control_plane_log_group = "/aws/eks/${var.name}/cluster"
}

data "aws_iam_policy_document" "logs_kms" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # CloudWatch Logs has no IAM role to grant: the key policy must name it, and only for this log group.
  statement {
    sid       = "CloudWatchLogsEncryptsTheControlPlaneLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:${local.control_plane_log_group}"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description             = "Encrypts the ${var.name} EKS control-plane logs"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.logs_kms.json

  tags = var.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.name}-cluster-logs"
  target_key_id = aws_kms_key.logs.key_id
}
