terraform {
  # rds-aurora v10 needs 1.11.1; the S3 backend's lock file needs 1.10.
  required_version = ">= 1.11.1"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.28"
    }
  }

  # Partial configuration: `npm run up` passes bucket, region and kms_key_id from terraform/bootstrap.
  # The lock is S3's own lock file next to the state (use_lockfile); no DynamoDB table.
  backend "s3" {
    key          = "envs/prod/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = var.project
      Environment = local.environment
      ManagedBy   = "terraform"
      Repository  = var.github_repository
    }
  }
}
