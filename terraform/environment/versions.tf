terraform {
  # rds-aurora v10 needs 1.11.1; the S3 backend's lock file needs 1.10.
  required_version = ">= 1.11.1"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.28"
    }
  }

  # Partial configuration: init passes bucket, region and kms_key_id (terraform/bootstrap's outputs) and the
  # environment's own state object, key=envs/<env>/terraform.tfstate: the key each environment had when it
  # had a root of its own, so its state stays where it is. Never a key here: every environment would then
  # share one state. The lock is S3's own lock file next to the state
  # (use_lockfile); no DynamoDB table.
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
      Repository  = var.github_repository
    }
  }
}
