# Aurora PostgreSQL Serverless v2. No password in Terraform state or git: RDS generates the master password
# and keeps it in Secrets Manager (manage_master_user_password), encrypted with this module's key; External
# Secrets reads it (DATABASE_SECRET_ARN) and templates DATABASE_URL for the services. Storage is encrypted
# with the same key (CKV_AWS_96/327); only the workloads' security groups may connect.

resource "aws_kms_key" "this" {
  description             = "Encrypts the ${var.name} database and its master user secret"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-database"
  target_key_id = aws_kms_key.this.key_id
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
}
