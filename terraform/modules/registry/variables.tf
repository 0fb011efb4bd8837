variable "name" {
  description = "Prefix of the repository names: <name>/<service>, e.g. delivery/inventory."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.name))
    error_message = "name must be lower-case letters and digits, optionally separated by '.', '_' or '-'."
  }
}

variable "services" {
  description = "Services that get a repository each (terraform/bootstrap passes the declared ones)."
  type        = set(string)

  validation {
    condition     = length(var.services) >= 1 && alltrue([for s in var.services : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", s))])
    error_message = "services must name at least one service, each lower-case letters and digits separated by '.', '_' or '-'."
  }
}

variable "keep_commit_images" {
  description = "How many images tagged sha-<commit> each repository keeps (older ones expire; release tags X.Y.Z never do)."
  type        = number
  default     = 50

  validation {
    condition     = var.keep_commit_images >= 5 && floor(var.keep_commit_images) == var.keep_commit_images
    error_message = "keep_commit_images must be a whole number of at least 5."
  }
}

variable "untagged_expiry_days" {
  description = "Days after which an untagged image (a replaced build, a layer of a failed push) expires."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1 && floor(var.untagged_expiry_days) == var.untagged_expiry_days
    error_message = "untagged_expiry_days must be a whole number of at least 1."
  }
}

variable "force_delete" {
  description = "Delete the repositories with their images on destroy (dev: true so `npm run down` leaves nothing; prod: false)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
