# prod's settings (settings.tf): `-var-file=prod.tfvars`, with the state key envs/prod/terraform.tfstate.
environment = "prod"

# One NAT gateway per AZ: an AZ outage keeps the other AZ's egress.
one_nat_gateway_per_az = true

# A writer and a reader in another AZ to fail over to; the cluster cannot be deleted by accident.
database = {
  min_capacity        = 1
  max_capacity        = 16
  instance_count      = 2
  deletion_protection = true
}

pricing_node_count = { min = 2, desired = 2, max = 4 }
