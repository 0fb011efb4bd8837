output "topic_arn" {
  description = "ARN of the SNS topic the alarms publish to."
  value       = aws_sns_topic.this.arn
}

output "alarm_names" {
  description = "Names of the three alarms of each queue, by queue id."
  value = {
    for id in keys(var.queues) : id => [
      aws_cloudwatch_metric_alarm.backlog[id].alarm_name,
      aws_cloudwatch_metric_alarm.oldest_message[id].alarm_name,
      aws_cloudwatch_metric_alarm.dlq[id].alarm_name,
    ]
  }
}

output "loki_bucket" {
  description = "S3 bucket of Loki's chunks and index."
  value       = aws_s3_bucket.loki.id
}

output "loki_role_arn" {
  description = "IRSA role of Loki's service account (monitoring/loki)."
  value       = module.loki_role.arn
}

output "alertmanager_role_arn" {
  description = "IRSA role of Alertmanager's service account (monitoring/alertmanager)."
  value       = module.alertmanager_role.arn
}
