variable "name" {
  description = "Base name of the queues: creates <name>.fifo and its DLQ <name>-dlq.fifo (the names services/lib uses locally)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,70}$", var.name))
    error_message = "name must be 1-70 letters, digits, hyphens or underscores (the .fifo suffix is added)."
  }
}

variable "max_receive_count" {
  description = "Receives of one message before SQS moves it to the DLQ (the redrive policy's maxReceiveCount)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "consumer_max_processing_seconds" {
  description = "Longest time a consumer of the queue may spend on one message, including its retries (a consumer's CONSUMER_VISIBILITY_TIMEOUT is sized to it)."
  type        = number
  default     = 30

  validation {
    condition     = var.consumer_max_processing_seconds >= 1 && var.consumer_max_processing_seconds < 43200
    error_message = "consumer_max_processing_seconds must be between 1 and 43199 seconds."
  }
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible; above the consumer's longest processing time, or a slow message is delivered twice."
  type        = number
  default     = 60

  validation {
    condition     = var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number of at most 43200 (12 hours)."
  }

  validation {
    condition     = var.visibility_timeout_seconds > var.consumer_max_processing_seconds
    error_message = "visibility_timeout_seconds must be greater than consumer_max_processing_seconds."
  }
}

variable "message_retention_seconds" {
  description = "How long the queue keeps an unconsumed message."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the DLQ keeps a poison message; longer than the queue's, so the message outlives its investigation."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
