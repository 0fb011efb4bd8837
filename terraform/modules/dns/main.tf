# The entrypoint's certificate (ACM, validated through DNS records in the zone, renewed by ACM as long as
# the records stay) and its A alias record to the ALB the AWS Load Balancer Controller creates.

data "aws_route53_zone" "this" {
  name         = var.zone_name
  private_zone = false
}

resource "aws_acm_certificate" "this" {
  domain_name       = var.hostname
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }

  tags = var.tags
}

resource "aws_route53_record" "validation" {
  for_each = {
    for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => {
      name   = o.resource_record_name
      type   = o.resource_record_type
      record = o.resource_record_value
    }
  }

  zone_id         = data.aws_route53_zone.this.zone_id
  name            = each.value.name
  type            = each.value.type
  records         = [each.value.record]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

# The record follows the ALB, not a variable: the ALB exists only once Argo CD synced the Ingress, and every
# apply (`npm run up`, infra.yml, an operator's; all with the same committed var-files) looks it up the same
# way, so none of them destroys a record another made. aws_lbs (plural) finds none without failing; one() refuses two.
data "aws_lbs" "entrypoint" {
  tags = {
    "elbv2.k8s.aws/cluster" = var.cluster_name
    "ingress.k8s.aws/stack" = var.ingress_stack
  }
}

locals {
  entrypoint_alb = one(data.aws_lbs.entrypoint.arns)
}

data "aws_lb" "entrypoint" {
  count = local.entrypoint_alb == null ? 0 : 1

  arn = local.entrypoint_alb
}

resource "aws_route53_record" "this" {
  count = local.entrypoint_alb == null ? 0 : 1

  zone_id = data.aws_route53_zone.this.zone_id
  name    = var.hostname
  type    = "A"

  alias {
    name                   = data.aws_lb.entrypoint[0].dns_name
    zone_id                = data.aws_lb.entrypoint[0].zone_id
    evaluate_target_health = true
  }
}
