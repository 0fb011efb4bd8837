# Loki's object store: monitoring runs on Fargate, which mounts no EBS volume, so Loki keeps its chunks and
# index in S3 (gitops/infrastructure/controllers/loki.yaml) and writes them with an IRSA role of its own.
# Encrypted with this module's key, TLS only, versioned (the state-bucket rule holds for every bucket), and
# expired after log_retention_days, which is then Loki's retention too.

resource "aws_s3_bucket" "loki" {
  bucket        = "${var.name}-loki-${data.aws_caller_identity.current.account_id}"
  force_destroy = true # logs, not state: `npm run down` must be able to remove the environment

  tags = var.tags
}

resource "aws_s3_bucket_versioning" "loki" {
  bucket = aws_s3_bucket.loki.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "loki" {
  bucket = aws_s3_bucket.loki.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "loki" {
  bucket = aws_s3_bucket.loki.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "loki" {
  bucket = aws_s3_bucket.loki.id

  rule {
    id     = "retention"
    status = "Enabled"

    filter {}

    expiration {
      days = var.log_retention_days
    }

    # Loki rewrites its index often: keep replaced versions one day only.
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
}

data "aws_iam_policy_document" "loki_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.loki.arn, "${aws_s3_bucket.loki.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "loki" {
  bucket = aws_s3_bucket.loki.id
  policy = data.aws_iam_policy_document.loki_bucket.json
}

data "aws_iam_policy_document" "loki" {
  statement {
    sid       = "ListChunks"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.loki.arn]
  }

  statement {
    sid       = "ReadWriteChunks"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.loki.arn}/*"]
  }

  statement {
    sid       = "EncryptChunks"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
  }
}

module "loki_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name                 = "${var.name}-loki"
  use_name_prefix      = false
  policy_name          = "${var.name}-loki"
  permissions_boundary = var.permissions_boundary_arn

  source_policy_documents = [data.aws_iam_policy_document.loki.json]

  oidc_providers = {
    this = {
      provider_arn               = var.cluster_oidc_provider_arn
      namespace_service_accounts = ["${var.monitoring_namespace}:loki"]
    }
  }

  tags = var.tags
}
