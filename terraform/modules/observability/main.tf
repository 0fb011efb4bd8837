# Three alarms per queue to one SNS topic (which Alertmanager also publishes to, alerting.tf; Loki's bucket is
# in logs.tf): a backlog the consumer is not catching up with, a message that has waited too long (one stuck
# message group blocks only that group, so depth alone would miss it), and anything at all in the DLQ (a
# poison event is a bug to look at, not a rate to tolerate). One set for every queue the services declare.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# A customer-managed key: the AWS-managed SNS key does not let CloudWatch publish to an encrypted topic.
data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchPublishes"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.name} alarm topic and Loki's bucket"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_sns_topic" "this" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.this.arn

  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "backlog" {
  for_each = var.queues

  alarm_name        = "${var.name}-${each.key}-backlog"
  alarm_description = "More than ${var.backlog_threshold} messages waiting in ${each.value.name} for ${var.backlog_minutes} minutes: its consumers are not keeping up."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = each.value.name
  }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = var.backlog_minutes
  datapoints_to_alarm = var.backlog_minutes
  threshold           = var.backlog_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.this.arn]
  ok_actions    = [aws_sns_topic.this.arn]

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  for_each = var.queues

  alarm_name        = "${var.name}-${each.key}-oldest-message"
  alarm_description = "A message in ${each.value.name} is older than ${var.oldest_message_age_seconds} s: a message group or the consumer is stuck."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateAgeOfOldestMessage"
  dimensions = {
    QueueName = each.value.name
  }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  threshold           = var.oldest_message_age_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.this.arn]
  ok_actions    = [aws_sns_topic.this.arn]

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  for_each = var.queues

  alarm_name        = "${var.name}-${each.key}-dlq-not-empty"
  alarm_description = "${each.value.dlq_name} holds a poison message: read it, fix the cause, redrive it."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = each.value.dlq_name
  }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.this.arn]
  ok_actions    = [aws_sns_topic.this.arn]

  tags = var.tags
}
