output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.this.cluster_name
}

output "cluster_endpoint" {
  description = "Endpoint of the Kubernetes API."
  value       = module.this.cluster_endpoint
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (IRSA roles trust it)."
  value       = module.this.oidc_provider_arn
}

output "oidc_provider" {
  description = "Issuer of the cluster's OIDC provider without https:// (the prefix of the IRSA condition keys)."
  value       = module.this.oidc_provider
}

output "workload_security_group_ids" {
  description = "Security groups the workloads' traffic comes from: the cluster primary group (Fargate pods) and the node group (Spot nodes)."
  value       = [module.this.cluster_primary_security_group_id, module.this.node_security_group_id]
}

output "alb_controller_role_arn" {
  description = "IAM role of the AWS Load Balancer Controller's service account (kube-system/aws-load-balancer-controller)."
  value       = module.alb_controller_role.arn
}

output "cluster_autoscaler_role_arn" {
  description = "IAM role of Cluster Autoscaler's service account (kube-system/cluster-autoscaler)."
  value       = module.cluster_autoscaler_role.arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the cluster's Kubernetes Secrets."
  value       = module.this.kms_key_arn
}

output "pricing_node_taint" {
  description = "Taint of the Spot node group; the pricing pods tolerate it and select the label workload=pricing."
  value       = "${local.pricing_taint.key}=${local.pricing_taint.value}:NoSchedule"
}
