output "vpc_id" {
  description = "ID of the VPC."
  value       = module.this.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (workloads)."
  value       = module.this.private_subnets
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (load balancers, NAT gateways)."
  value       = module.this.public_subnets
}

output "database_subnet_group_name" {
  description = "Name of the database subnet group Aurora is placed in."
  value       = module.this.database_subnet_group_name
}

output "s3_endpoint_id" {
  description = "ID of the S3 gateway endpoint."
  value       = aws_vpc_endpoint.s3.id
}
