# dev's settings (settings.tf): `-var-file=dev.tfvars`, with the state key envs/dev/terraform.tfstate.
environment = "dev"

# One NAT gateway (about 33 USD a month per extra AZ saved); an AZ outage cuts egress, which dev accepts.
one_nat_gateway_per_az = false

# Serverless v2 at its floor: 0.5 ACU while the services hold connections (auto-pause needs none open).
database = {
  min_capacity        = 0.5
  max_capacity        = 2
  instance_count      = 1
  deletion_protection = false
}

pricing_node_count = { min = 1, desired = 1, max = 2 }
