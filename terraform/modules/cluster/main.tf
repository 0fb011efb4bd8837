# EKS with two kinds of compute:
# - Fargate for every service and the platform pods: no nodes to patch, billed per pod. The profile selects
#   the services' namespace by the label platform.shop/compute = fargate, which the GitOps tree gives every
#   service's pods, so a new service needs nothing here.
# - A managed node group on Spot for the pricing consumer only, the one special case, written out by name
#   on purpose: EKS Fargate has no Spot (only ECS Fargate does), so "Fargate Spot" is not possible here, and
#   a queue consumer is the workload that tolerates a Spot interruption best (two-minute notice, SIGTERM
#   drain, unacknowledged messages come back after the visibility timeout, FIFO order per SKU is kept).
#   Its pods carry platform.shop/compute = spot instead; the taint keeps every other pod off these nodes.

locals {
  # Every control-plane log type (CKV_AWS_37).
  control_plane_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  # Every service's pods run on Fargate: the GitOps tree labels them platform.shop/compute = fargate (pricing's
  # pods, the one exception, carry spot and run on its node group below).
  services_selector = {
    namespace = var.services_namespace
    labels    = { "platform.shop/compute" = "fargate" }
  }

  pricing_taint = {
    key    = "workload"
    value  = "pricing"
    effect = "NO_SCHEDULE"
  }
}

module "this" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.19"

  name               = var.name
  kubernetes_version = var.kubernetes_version

  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  # The private endpoint serves the nodes and pods; the public one only the operators' CIDRs (CKV_AWS_38/39).
  endpoint_private_access      = true
  endpoint_public_access       = length(var.api_allowed_cidrs) > 0
  endpoint_public_access_cidrs = var.api_allowed_cidrs

  enabled_log_types                      = local.control_plane_log_types
  cloudwatch_log_group_retention_in_days = var.log_retention_days
  cloudwatch_log_group_kms_key_id        = aws_kms_key.logs.arn # logs.tf

  # Kubernetes Secrets encrypted with a customer-managed KMS key the module creates (CKV_AWS_58).
  create_kms_key          = true
  enable_kms_key_rotation = true
  encryption_config = {
    resources = ["secrets"]
  }

  iam_role_permissions_boundary = var.permissions_boundary_arn

  enable_irsa                              = true
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true

  addons = {
    vpc-cni = {
      before_compute = true
    }
    kube-proxy = {}
    # CoreDNS runs on Fargate: the only nodes carry the pricing taint.
    coredns = {
      configuration_values = jsonencode({ computeType = "fargate" })
    }
  }

  fargate_profiles = {
    platform = {
      # Role names start with the cluster name: the GitHub Terraform role manages IAM only under that prefix.
      iam_role_name                 = "${var.name}-fargate"
      iam_role_permissions_boundary = var.permissions_boundary_arn
      selectors = concat(
        [local.services_selector],
        [for ns in var.system_namespaces : { namespace = ns }],
      )
    }
  }

  eks_managed_node_groups = {
    pricing = {
      iam_role_name                 = "${var.name}-pricing-node"
      iam_role_permissions_boundary = var.permissions_boundary_arn
      ami_type                      = "AL2023_x86_64_STANDARD"
      capacity_type                 = "SPOT"
      instance_types                = var.pricing_instance_types

      min_size     = var.pricing_node_count.min
      desired_size = var.pricing_node_count.desired
      max_size     = var.pricing_node_count.max

      labels = {
        workload = "pricing"
      }
      taints = {
        pricing = local.pricing_taint
      }

      block_device_mappings = {
        root = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = 20
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }

      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
      }
    }
  }

  tags = var.tags
}

# The AWS Load Balancer Controller creates the ALB in front of the services' entrypoint (target type ip: Fargate
# pods have no node port). Its policy is the one the controller's project publishes, kept by the IAM module.
# The module names that policy AWS_Load_Balancer_Controller unless told otherwise: one name per account,
# so the second environment would fail with EntityAlreadyExists, and outside the <name>-* IAM scope of the
# GitHub Terraform role. Every IAM name here starts with the cluster name (rule iam-names).
module "alb_controller_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name                 = "${var.name}-alb-controller"
  use_name_prefix      = false
  policy_name          = "${var.name}-alb-controller"
  permissions_boundary = var.permissions_boundary_arn

  attach_load_balancer_controller_policy = true

  oidc_providers = {
    this = {
      provider_arn               = module.this.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }

  tags = var.tags
}

# Cluster Autoscaler (gitops/infrastructure/controllers) scales the pricing Spot node group: the module's
# policy lets it describe every Auto Scaling group and change only those tagged for this cluster.
module "cluster_autoscaler_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name                 = "${var.name}-cluster-autoscaler"
  use_name_prefix      = false
  policy_name          = "${var.name}-cluster-autoscaler"
  permissions_boundary = var.permissions_boundary_arn

  attach_cluster_autoscaler_policy = true
  cluster_autoscaler_cluster_names = [module.this.cluster_name]

  oidc_providers = {
    this = {
      provider_arn               = module.this.oidc_provider_arn
      namespace_service_accounts = ["kube-system:cluster-autoscaler"]
    }
  }

  tags = var.tags
}

# Fargate pods carry the cluster's primary security group; the Spot nodes only the module's node group,
# whose recommended rules admit the control plane's group, not the primary one. Without these rules
# metrics-server and Prometheus (on Fargate) cannot reach the nodes' kubelets or pricing's metrics port,
# so pricing's HPA never gets a CPU figure, and pricing's pods cannot reach CoreDNS (on Fargate).
resource "aws_vpc_security_group_ingress_rule" "fargate_to_node_kubelets" {
  security_group_id            = module.this.node_security_group_id
  referenced_security_group_id = module.this.cluster_primary_security_group_id
  description                  = "Fargate pods (metrics-server, Prometheus) to the node kubelets"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250

  tags = var.tags
}

# pricing's own: the one service on the Spot nodes (see the top of this file), so the one metrics port
# Prometheus must reach there.
resource "aws_vpc_security_group_ingress_rule" "fargate_to_node_metrics" {
  security_group_id            = module.this.node_security_group_id
  referenced_security_group_id = module.this.cluster_primary_security_group_id
  description                  = "Prometheus (Fargate) to the pricing pods' metrics port"
  ip_protocol                  = "tcp"
  from_port                    = var.pricing_metrics_port
  to_port                      = var.pricing_metrics_port

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "node_dns_to_fargate" {
  for_each = toset(["tcp", "udp"])

  security_group_id            = module.this.cluster_primary_security_group_id
  referenced_security_group_id = module.this.node_security_group_id
  description                  = "Pods on the nodes to CoreDNS on Fargate (${each.key})"
  ip_protocol                  = each.key
  from_port                    = 53
  to_port                      = 53

  tags = var.tags
}
