# What the services declare (services/<name>/score.yaml), as services.auto.tfvars.json gives it: that file is
# derived by `npm run derive` (scripts/terraform/derive.ts) and never edited, so adding a service adds its
# repository lookup, its IRSA role and the queues it names here without a line of Terraform.

variable "services" {
  description = "Every declared service: each gets its IRSA role <project>-<env>-<service> and reads its ECR repository <project>/<service> (derived)."
  type        = set(string)

  validation {
    condition     = length(var.services) >= 1 && alltrue([for s in var.services : can(regex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$", s))])
    error_message = "services must name at least one service, each an RFC 1123 label (the name of its folder under services/)."
  }

  validation {
    condition     = alltrue([for s in var.services : length("${var.project}-${var.environment}-${s}") <= 64])
    error_message = "A service's IAM role is <project>-<environment>-<service>, and IAM role names have at most 64 characters: shorten the service's name."
  }
}

variable "queues" {
  description = "Every queue id a service declares: each gets a FIFO queue <project>-<env>-<id>.fifo, its DLQ and their alarms (derived)."
  type        = set(string)

  validation {
    condition     = alltrue([for q in var.queues : can(regex("^[a-z0-9][a-z0-9-]{0,40}[a-z0-9]$", q))])
    error_message = "queues must be ids of lower-case letters, digits and hyphens (at most 42: the queue name adds <project>-<env>- and -dlq)."
  }
}

variable "queue_senders" {
  description = "Who sends to which queue, one entry per declared use, keyed <service>/<queue> (derived)."
  type        = map(object({ service = string, queue = string }))

  validation {
    condition     = alltrue([for k, u in var.queue_senders : k == "${u.service}/${u.queue}" && contains(var.services, u.service) && contains(var.queues, u.queue)])
    error_message = "queue_senders entries must be keyed <service>/<queue> and name a declared service and queue."
  }
}

variable "queue_receivers" {
  description = "Who receives from which queue, one entry per declared use, keyed <service>/<queue> (derived)."
  type        = map(object({ service = string, queue = string }))

  validation {
    condition     = alltrue([for k, u in var.queue_receivers : k == "${u.service}/${u.queue}" && contains(var.services, u.service) && contains(var.queues, u.queue)])
    error_message = "queue_receivers entries must be keyed <service>/<queue> and name a declared service and queue."
  }
}

variable "oauth_clients" {
  description = "Every declared oauth-client, by service, with the scopes its client is allowed: each gets the empty Secrets Manager secret <project>-<env>/<service>/oauth-client its credentials go in (derived)."
  type        = map(object({ scopes = list(string) }))

  validation {
    condition     = alltrue([for s, c in var.oauth_clients : contains(var.services, s) && length(c.scopes) > 0])
    error_message = "oauth_clients must be keyed by declared services, each with at least one scope."
  }
}

# The repositories belong to the account layer (terraform/bootstrap): images outlive environments.
data "aws_ecr_repository" "service" {
  for_each = var.services

  name = "${var.project}/${each.key}"
}

module "messaging" {
  source   = "../modules/messaging"
  for_each = var.queues

  name              = "${local.name}-${each.key}"
  max_receive_count = var.max_receive_count
}

# Before the queues were derived from the declarations, the one event queue was module.messaging: its state
# (and the queue's URL, which the services hold) moves to that queue's id instead of a destroy and create.
moved {
  from = module.messaging
  to   = module.messaging["inventory-events"]
}
