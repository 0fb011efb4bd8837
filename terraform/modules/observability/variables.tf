variable "name" {
  description = "Prefix of the alarm and topic names, e.g. delivery-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name))
    error_message = "name must be letters, digits, hyphens or underscores."
  }
}

variable "queue_name" {
  description = "Name of the FIFO event queue (CloudWatch dimension QueueName)."
  type        = string

  validation {
    condition     = endswith(var.queue_name, ".fifo")
    error_message = "queue_name must be the name of a FIFO queue (ending in .fifo)."
  }
}

variable "dlq_name" {
  description = "Name of the FIFO dead-letter queue."
  type        = string

  validation {
    condition     = endswith(var.dlq_name, ".fifo")
    error_message = "dlq_name must be the name of a FIFO queue (ending in .fifo)."
  }
}

variable "backlog_threshold" {
  description = "Visible messages in the event queue above which, for backlog_minutes in a row, the consumer is falling behind."
  type        = number
  default     = 50

  validation {
    condition     = var.backlog_threshold >= 1
    error_message = "backlog_threshold must be at least 1."
  }
}

variable "backlog_minutes" {
  description = "Consecutive minutes the backlog must stay above backlog_threshold before the alarm fires."
  type        = number
  default     = 5

  validation {
    condition     = var.backlog_minutes >= 1 && var.backlog_minutes <= 60 && floor(var.backlog_minutes) == var.backlog_minutes
    error_message = "backlog_minutes must be a whole number from 1 to 60."
  }
}

variable "oldest_message_age_seconds" {
  description = "Age of the oldest message above which events are stuck (a blocked SKU group, a stopped consumer)."
  type        = number
  default     = 300

  validation {
    condition     = var.oldest_message_age_seconds >= 60
    error_message = "oldest_message_age_seconds must be at least 60."
  }
}

variable "alarm_email" {
  description = "Email address subscribed to the alarm topic (SNS sends a confirmation mail first)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
