# GitHub Actions assume these roles with the job's OIDC token; no static keys. Each trust policy requires
# aud = sts.amazonaws.com and ONE exact sub (StringEquals): never repo:OWNER/*, never only a ref or workflow
# claim (CKV_AWS_358, CKV_AWS_393). The sub forms are GitHub's defaults: a push to main, any pull request,
# a job running in a GitHub environment: production (release, required reviewers), dev (the dev bump, main
# only) and terraform-<env> (apply): each environment's apply role trusts only its own GitHub environment, so
# the dev leg of infra.yml can never assume prod's role, nor the other way round.

locals {
  github_issuer = "token.actions.githubusercontent.com"

  github_subjects = {
    ci        = "repo:${var.github_repository}:ref:refs/heads/main"
    pr        = "repo:${var.github_repository}:pull_request"
    release   = "repo:${var.github_repository}:environment:production"
    deploy    = "repo:${var.github_repository}:environment:dev"
    terraform = "repo:${var.github_repository}:environment:terraform-${var.environment}"
  }

  github_provider_arn = var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url            = "https://${local.github_issuer}"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 0 : 1

  url = "https://${local.github_issuer}"
}

data "aws_iam_policy_document" "github_trust" {
  for_each = local.github_subjects

  statement {
    sid     = "GitHubActions"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_issuer}:sub"
      values   = [each.value]
    }
  }
}

resource "aws_iam_role" "github" {
  for_each = local.github_subjects

  name                 = "${var.name}-github-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.github_trust[each.key].json
  max_session_duration = 3600
  # The Terraform role creates the others, so they carry the boundary; it holds IAM rights the boundary denies.
  permissions_boundary = each.key == "terraform" ? null : aws_iam_policy.boundary.arn

  tags = var.tags
}

# ci: push images to the service repositories (GetAuthorizationToken has no resource-level permission).
data "aws_iam_policy_document" "github_ci" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrPush"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = var.repository_arns
  }
}

# pr: `terraform plan` of a pull request's own .tf, which can run any code on the runner (`data "external"`, a
# provider of its choosing) with these credentials. So no managed ReadOnlyAccess (it reads S3 objects, log
# events, SSM parameter values, table items): only the metadata calls a refresh of our resources makes, the
# state (read: plans run with -lock=false, so nothing at all is written), and the AWS public SSM parameters
# the EKS module reads its AMI version from. The Deny keeps data out even if a broader policy is attached.
data "aws_iam_policy_document" "github_pr" {
  statement {
    sid       = "NoDataReads"
    effect    = "Deny"
    actions   = local.github_pr_data_reads
    resources = ["*"]
  }

  statement {
    sid           = "NoObjectsButState"
    effect        = "Deny"
    actions       = ["s3:GetObject*"]
    not_resources = ["${var.state_bucket_arn}/*"]
  }

  statement {
    sid           = "NoDecryptButState"
    effect        = "Deny"
    actions       = ["kms:Decrypt"]
    not_resources = [var.state_kms_key_arn]
  }

  statement {
    sid           = "NoParametersButPublic"
    effect        = "Deny"
    actions       = ["ssm:GetParameter*"]
    not_resources = ["arn:${data.aws_partition.current.partition}:ssm:*::parameter/aws/service/*"]
  }

  statement {
    sid       = "PlanMetadata"
    actions   = local.github_pr_metadata_reads
    resources = ["*"]
  }

  statement {
    sid       = "PublicParameters"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:*::parameter/aws/service/*"]
  }

  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [var.state_bucket_arn]
  }

  # Loki's bucket (modules/observability): a refresh reads the bucket's configuration, never its objects.
  statement {
    sid = "LokiBucketConfiguration"
    actions = [
      "s3:GetAccelerateConfiguration",
      "s3:GetBucket*",
      "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:ListBucket",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.name}-loki-*"]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.state_bucket_arn}/*"]
  }

  statement {
    sid       = "StateKey"
    actions   = ["kms:Decrypt"]
    resources = [var.state_kms_key_arn]
  }
}

# deploy: the dev bump reads the pinned images' org.opencontainers.image.revision labels (manifest and
# config blob) to never pin an older build over a newer one: pull only, no push, no tag.
data "aws_iam_policy_document" "github_deploy" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "EcrPull"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = var.repository_arns
  }
}

# release: find the digests built from a tag and add the X.Y.Z tag to them (a manifest PUT): no layer upload.
data "aws_iam_policy_document" "github_release" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrTag"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:DescribeImages",
      "ecr:PutImage",
    ]
    resources = var.repository_arns
  }
}

# terraform: applies the environments. PowerUserAccess covers every service but IAM. In IAM it may create and
# change roles named with this environment's prefix only when they carry the permissions boundary (so no role
# it makes can hold more than the boundary: no IAM writes), and never itself nor the boundary: it cannot
# raise its own rights, nor make a sibling with AdministratorAccess to assume. Changes to this role itself
# are applied by an administrator.
data "aws_iam_policy_document" "github_terraform" {
  statement {
    sid       = "IamRead"
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }

  statement {
    sid = "BoundedRolesUnderPrefix"
    actions = [
      "iam:CreateRole",
      "iam:PutRolePermissionsBoundary",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.boundary.arn]
    }
  }

  statement {
    sid = "RolesUnderPrefix"
    actions = [
      "iam:DeleteRole",
      "iam:PassRole",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*"]
  }

  statement {
    sid = "PoliciesAndProfilesUnderPrefix"
    actions = [
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:TagPolicy",
      "iam:UntagPolicy",
      "iam:CreateInstanceProfile",
      "iam:DeleteInstanceProfile",
      "iam:AddRoleToInstanceProfile",
      "iam:RemoveRoleFromInstanceProfile",
      "iam:TagInstanceProfile",
      "iam:UntagInstanceProfile",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy/${var.name}-*",
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:instance-profile/${var.name}-*",
    ]
  }

  statement {
    sid = "ClusterOidcProvider"
    actions = [
      "iam:CreateOpenIDConnectProvider",
      "iam:DeleteOpenIDConnectProvider",
      "iam:TagOpenIDConnectProvider",
      "iam:UntagOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint",
      "iam:AddClientIDToOpenIDConnectProvider",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/oidc.eks.*"]
  }

  # Writes only: terraform still reads this role and the boundary when it plans.
  statement {
    sid    = "NotItselfNorTheBoundary"
    effect = "Deny"
    actions = [
      "iam:AttachRolePolicy",
      "iam:DeleteRole",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PassRole",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-github-terraform",
      aws_iam_policy.boundary.arn,
    ]
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values = [
        "eks.amazonaws.com",
        "eks-fargate.amazonaws.com",
        "eks-nodegroup.amazonaws.com",
        "elasticloadbalancing.amazonaws.com",
        "autoscaling.amazonaws.com",
        "spot.amazonaws.com",
        "rds.amazonaws.com",
      ]
    }
  }
}

locals {
  github_policies = {
    ci        = data.aws_iam_policy_document.github_ci.json
    pr        = data.aws_iam_policy_document.github_pr.json
    release   = data.aws_iam_policy_document.github_release.json
    deploy    = data.aws_iam_policy_document.github_deploy.json
    terraform = data.aws_iam_policy_document.github_terraform.json
  }

  github_managed_policies = {
    terraform = "PowerUserAccess"
  }

  # What a refresh of this configuration's resources calls: descriptions, policies, tags. No call here returns
  # data (an object, a message, a log event, a secret or parameter value).
  github_pr_metadata_reads = [
    "acm:DescribeCertificate",
    "acm:ListTagsForCertificate",
    "autoscaling:Describe*",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:ListTagsForResource",
    "ec2:Describe*",
    "ecr:DescribeImages",
    "ecr:DescribeRepositories",
    "ecr:GetLifecyclePolicy",
    "ecr:GetRepositoryPolicy",
    "ecr:ListTagsForResource",
    "eks:Describe*",
    "eks:List*",
    "elasticloadbalancing:Describe*",
    "iam:GetOpenIDConnectProvider",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:ListOpenIDConnectProviders",
    "iam:ListPolicyVersions",
    "iam:ListRolePolicies",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListResourceTags",
    "logs:DescribeLogGroups",
    "logs:ListTagsForResource",
    "logs:ListTagsLogGroup",
    "rds:Describe*",
    "rds:ListTagsForResource",
    "route53:GetChange",
    "route53:GetHostedZone",
    "route53:ListHostedZones",
    "route53:ListResourceRecordSets",
    "route53:ListTagsForResource",
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetResourcePolicy",
    "sns:GetSubscriptionAttributes",
    "sns:GetTopicAttributes",
    "sns:ListSubscriptionsByTopic",
    "sns:ListTagsForResource",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ListQueueTags",
    "sts:GetCallerIdentity",
  ]

  # Reads that return data rather than configuration, denied whatever else is attached.
  github_pr_data_reads = [
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:GetLogRecord",
    "logs:GetQueryResults",
    "logs:StartQuery",
    "secretsmanager:GetSecretValue",
    "sqs:ReceiveMessage",
    "ssm:GetParametersByPath",
  ]
}

resource "aws_iam_role_policy" "github" {
  for_each = local.github_policies

  name   = "${var.name}-github-${each.key}"
  role   = aws_iam_role.github[each.key].id
  policy = each.value
}

resource "aws_iam_role_policy_attachment" "github" {
  for_each = local.github_managed_policies

  role       = aws_iam_role.github[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.value}"
}
