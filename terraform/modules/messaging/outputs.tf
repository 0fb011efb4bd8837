output "queue_url" {
  description = "URL of the FIFO event queue (SQS_QUEUE_URL)."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the FIFO event queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_name" {
  description = "Name of the FIFO event queue (the CloudWatch QueueName dimension)."
  value       = aws_sqs_queue.this.name
}

output "dlq_url" {
  description = "URL of the FIFO dead-letter queue (SQS_DLQ_URL)."
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
