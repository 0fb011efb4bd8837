# Two AZs: private subnets for the workloads (EKS nodes, Fargate pods), public subnets for the load balancers
# and the NAT gateways, database subnets for Aurora. An S3 gateway endpoint keeps image layer pulls from ECR
# (stored in S3) off the NAT gateway, which bills per GB.

locals {
  # /20 per private subnet (4,091 addresses: Fargate and the VPC CNI give every pod a VPC address),
  # /24 per public and database subnet.
  private_subnets  = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i)]
  public_subnets   = [for i, _ in var.azs : cidrsubnet(var.cidr, 8, 200 + i)]
  database_subnets = [for i, _ in var.azs : cidrsubnet(var.cidr, 8, 210 + i)]
}

module "this" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.6"

  name = var.name
  cidr = var.cidr
  azs  = var.azs

  private_subnets  = local.private_subnets
  public_subnets   = local.public_subnets
  database_subnets = local.database_subnets

  create_database_subnet_group = true

  enable_nat_gateway     = true
  single_nat_gateway     = !var.one_nat_gateway_per_az
  one_nat_gateway_per_az = var.one_nat_gateway_per_az

  enable_dns_hostnames = true
  enable_dns_support   = true

  public_subnet_tags = {
    "kubernetes.io/role/elb"                    = "1"
    "kubernetes.io/cluster/${var.cluster_name}" = "shared"
  }

  private_subnet_tags = {
    "kubernetes.io/role/internal-elb"           = "1"
    "kubernetes.io/cluster/${var.cluster_name}" = "shared"
  }

  tags = var.tags
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.this.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = module.this.private_route_table_ids

  tags = merge(var.tags, { Name = "${var.name}-s3" })
}

data "aws_region" "current" {}
