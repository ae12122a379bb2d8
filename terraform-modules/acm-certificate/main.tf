# An ACM certificate for one name, validated by DNS in a Route53 zone: the certificate, a
# validation record for each name ACM asks about, and the wait for ACM to issue it: the provider's
# own example ("Resource: aws_acm_certificate_validation", DNS Validation with Route 53;
# hashicorp/terraform-provider-aws website/docs/r/acm_certificate_validation.html.markdown).
# ACM keeps asking for the same CNAME to renew the certificate, so the records stay ("DNS
# validation", https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html).
# The certificate is in the region of the caller's aws provider.

resource "aws_acm_certificate" "this" {
  domain_name       = var.domain_name
  validation_method = "DNS"
  tags              = var.tags
  # A new certificate (another name) is issued before the old one goes, so whatever serves it
  # never points at a deleted certificate.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "validation" {
  for_each = {
    for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => o
  }
  zone_id         = var.hosted_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}
