output "queue_url" {
  description = "URL of the FIFO queue (<ID>_QUEUE_URL in aws.env)."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the FIFO queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_name" {
  description = "Name of the FIFO queue (the CloudWatch QueueName dimension)."
  value       = aws_sqs_queue.this.name
}

output "dlq_url" {
  description = "URL of the FIFO dead-letter queue (<ID>_DLQ_URL in aws.env)."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the FIFO dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_name" {
  description = "Name of the FIFO dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "kms_key_arn" {
  description = "KMS key encrypting both queues (producers need kms:GenerateDataKey, consumers kms:Decrypt)."
  value       = aws_kms_key.this.arn
}
