# GitHub Actions assume these roles with the job's OIDC token; no static keys. Each trust policy requires
# aud = sts.amazonaws.com and ONE exact sub (StringEquals): never repo:OWNER/*, never only a ref or workflow
# claim (CKV_AWS_358, CKV_AWS_393). The sub forms are GitHub's defaults: a push to main, any pull request,
# a job running in the production / infrastructure environment (both have required reviewers).

locals {
  github_issuer = "token.actions.githubusercontent.com"

  github_subjects = {
    ci        = "repo:${var.github_repository}:ref:refs/heads/main"
    pr        = "repo:${var.github_repository}:pull_request"
    release   = "repo:${var.github_repository}:environment:production"
    terraform = "repo:${var.github_repository}:environment:infrastructure"
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

# pr: read-only (terraform plan). ReadOnlyAccess reads the resources; the state statements let plan read the
# state and hold its lock file (use_lockfile writes <key>.tflock): nothing else can be written. ReadOnlyAccess
# also reads data (sqs:ReceiveMessage would hide events from pricing; secret values): that is denied. SSM
# parameters stay readable: the EKS module reads the node AMI version from one.
data "aws_iam_policy_document" "github_pr" {
  statement {
    sid       = "NoDataReads"
    effect    = "Deny"
    actions   = ["sqs:ReceiveMessage", "secretsmanager:GetSecretValue"]
    resources = ["*"]
  }

  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [var.state_bucket_arn]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.state_bucket_arn}/*"]
  }

  statement {
    sid       = "StateLock"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.state_bucket_arn}/*.tflock"]
  }

  statement {
    sid       = "StateKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.state_kms_key_arn]
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
    terraform = data.aws_iam_policy_document.github_terraform.json
  }

  github_managed_policies = {
    pr        = "ReadOnlyAccess"
    terraform = "PowerUserAccess"
  }
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
