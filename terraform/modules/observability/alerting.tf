# Alertmanager (kube-prometheus-stack) routes the Prometheus alerts to the same topic as the queue alarms,
# so one subscription (alarm_email) receives both. It publishes with its IRSA role; the topic is encrypted,
# so publishing needs the key too.

data "aws_iam_policy_document" "alertmanager" {
  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]
  }

  statement {
    sid       = "EncryptAlerts"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
  }
}

module "alertmanager_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name                 = "${var.name}-alertmanager"
  use_name_prefix      = false
  policy_name          = "${var.name}-alertmanager"
  permissions_boundary = var.permissions_boundary_arn

  source_policy_documents = [data.aws_iam_policy_document.alertmanager.json]

  oidc_providers = {
    this = {
      provider_arn               = var.cluster_oidc_provider_arn
      namespace_service_accounts = ["${var.monitoring_namespace}:alertmanager"]
    }
  }

  tags = var.tags
}
