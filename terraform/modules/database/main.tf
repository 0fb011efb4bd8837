# Aurora PostgreSQL Serverless v2. No password in Terraform state or git: RDS generates the master password
# and keeps it in Secrets Manager (manage_master_user_password), encrypted with this module's key; External
# Secrets reads it (DATABASE_SECRET_ARN) and templates DATABASE_URL for the services. Storage is encrypted
# with the same key (CKV_AWS_96/327); only the workloads' security groups may connect. The exported PostgreSQL
# log goes to a group declared here, with retention and this key: left to RDS, it would be created on first
# write with neither.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # The name RDS writes the exported `postgresql` log to.
  postgresql_log_group = "/aws/rds/cluster/${var.name}/postgresql"
}

data "aws_iam_policy_document" "kms" {
  # The default key policy: the account's IAM policies decide who uses the key (RDS, Secrets Manager, the
  # workloads' kms:Decrypt through Secrets Manager).
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # CloudWatch Logs has no IAM role to grant: the key policy must name it, and only for this cluster's groups.
  statement {
    sid       = "CloudWatchLogsEncryptsTheClusterLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:${local.postgresql_log_group}"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.name} database, its master user secret and its exported logs"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-database"
  target_key_id = aws_kms_key.this.key_id
}

# Declared before the cluster (depends_on below): RDS would otherwise create it first, and Terraform could
# not then create it without an import.
resource "aws_cloudwatch_log_group" "postgresql" {
  name              = local.postgresql_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn

  tags = var.tags
}

module "this" {
  source  = "terraform-aws-modules/rds-aurora/aws"
  version = "~> 10.2"

  name           = var.name
  engine         = "aurora-postgresql"
  engine_mode    = "provisioned"
  engine_version = var.engine_version
  database_name  = var.database_name

  master_username               = "shop"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.this.arn

  storage_encrypted = true
  kms_key_id        = aws_kms_key.this.arn

  cluster_instance_class = "db.serverless"
  instances              = { for i in range(var.instance_count) : tostring(i + 1) => {} }
  serverlessv2_scaling_configuration = {
    min_capacity = var.min_capacity
    max_capacity = var.max_capacity
  }

  vpc_id                 = var.vpc_id
  create_db_subnet_group = false
  db_subnet_group_name   = var.db_subnet_group_name
  security_group_ingress_rules = {
    for i, sg in var.workload_security_group_ids : "workloads-${i}" => {
      description                  = "PostgreSQL from the EKS workloads"
      from_port                    = 5432
      to_port                      = 5432
      referenced_security_group_id = sg
    }
  }

  backup_retention_period         = var.backup_retention_days
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = !var.deletion_protection
  final_snapshot_identifier       = var.deletion_protection ? "${var.name}-final" : null
  copy_tags_to_snapshot           = true
  enabled_cloudwatch_logs_exports = ["postgresql"]
  apply_immediately               = true

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.postgresql]
}
