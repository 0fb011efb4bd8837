terraform {
  # 1.10 brought the S3 backend's native lock file (use_lockfile); the environments need 1.11.1 (rds-aurora v10).
  required_version = ">= 1.11.1"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.28"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
