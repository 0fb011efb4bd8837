output "topic_arn" {
  description = "ARN of the SNS topic the alarms publish to."
  value       = aws_sns_topic.this.arn
}

output "alarm_names" {
  description = "Names of the three queue alarms."
  value = [
    aws_cloudwatch_metric_alarm.backlog.alarm_name,
    aws_cloudwatch_metric_alarm.oldest_message.alarm_name,
    aws_cloudwatch_metric_alarm.dlq.alarm_name,
  ]
}
