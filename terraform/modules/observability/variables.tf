variable "name" {
  description = "Prefix of the alarm and topic names, e.g. delivery-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name))
    error_message = "name must be letters, digits, hyphens or underscores."
  }
}

variable "queues" {
  description = "The FIFO queues to watch, by id: the queue's name and its DLQ's (the CloudWatch QueueName dimension)."
  type        = map(object({ name = string, dlq_name = string }))

  validation {
    condition     = alltrue([for q in values(var.queues) : endswith(q.name, ".fifo") && endswith(q.dlq_name, ".fifo")])
    error_message = "queues must name FIFO queues and DLQs (ending in .fifo)."
  }
}

variable "backlog_threshold" {
  description = "Visible messages in a queue above which, for backlog_minutes in a row, its consumers are falling behind."
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

variable "cluster_oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider, which Loki's and Alertmanager's IRSA roles trust."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/", var.cluster_oidc_provider_arn))
    error_message = "cluster_oidc_provider_arn must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/...)."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of Loki's and Alertmanager's roles (modules/identity): the GitHub Terraform role creates roles only with it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "monitoring_namespace" {
  description = "Namespace of Loki and Alertmanager (their service accounts loki and alertmanager)."
  type        = string
  default     = "monitoring"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.monitoring_namespace))
    error_message = "monitoring_namespace must be a Kubernetes namespace name."
  }
}

variable "log_retention_days" {
  description = "Days Loki's chunks and index stay in S3 before they expire."
  type        = number
  default     = 30

  validation {
    condition     = var.log_retention_days >= 1 && floor(var.log_retention_days) == var.log_retention_days
    error_message = "log_retention_days must be a whole number of days, at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
