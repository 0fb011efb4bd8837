output "certificate_arn" {
  description = "ARN of the validated ACM certificate (CERTIFICATE_ARN: the Ingress annotation alb.ingress.kubernetes.io/certificate-arn)."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "hostname" {
  description = "Host name of the entrypoint (HOSTNAME)."
  value       = var.hostname
}

output "zone_id" {
  description = "ID of the hosted zone."
  value       = data.aws_route53_zone.this.zone_id
}
