locals {
  cloudfront = var.kind == "cloudfront" ? 1 : 0
  cloudflare = var.kind == "cloudflare" ? 1 : 0
  # CloudFront under the service's own name: a certificate from ACM in us-east-1, the only region
  # CloudFront takes certificates from ("Requirements for using SSL/TLS certificates with
  # CloudFront", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html),
  # so this module's aws provider must be in us-east-1.
  own_name = var.kind == "cloudfront" && var.domain_name != null ? 1 : 0
}

module "certificate" {
  count          = local.own_name
  source         = "../acm-certificate"
  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id
}

# The certificate, its validation records and its validation were this module's own resources
# before acm-certificate held them: the same objects, at their new addresses, never replaced.
moved {
  from = aws_acm_certificate.edge[0]
  to   = module.certificate[0].aws_acm_certificate.this
}

moved {
  from = aws_route53_record.acm_validation
  to   = module.certificate[0].aws_route53_record.validation
}

moved {
  from = aws_acm_certificate_validation.edge[0]
  to   = module.certificate[0].aws_acm_certificate_validation.this
}

resource "aws_route53_record" "edge" {
  for_each = local.own_name == 1 ? toset(["A", "AAAA"]) : toset([])
  zone_id  = var.hosted_zone_id
  name     = var.domain_name
  type     = each.key
  alias {
    name                   = aws_cloudfront_distribution.edge[0].domain_name
    zone_id                = aws_cloudfront_distribution.edge[0].hosted_zone_id
    evaluate_target_health = false
  }
}

# --- CloudFront with AWS WAF; failover between the clouds by origin group --------------------
resource "aws_wafv2_web_acl" "edge" {
  count = local.cloudfront
  name  = "${var.service_name}-edge"
  scope = "CLOUDFRONT"
  default_action {
    allow {}
  }
  rule {
    name     = "rate-limit"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = var.rate_limit_per_5m
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.service_name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "aws-common"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.service_name}-common"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.service_name}-edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudfront_distribution" "edge" {
  count      = local.cloudfront
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge[0].arn
  comment    = "${var.service_name}: AWS first, Azure on failure"

  origin {
    origin_id   = "aws"
    domain_name = var.aws_hostname
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  # Both clouds serve at the root (the Function App's routePrefix is ""), so neither origin needs
  # an origin path.
  origin {
    origin_id   = "azure"
    domain_name = var.azure_hostname
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin_group {
    origin_id = "clouds"
    failover_criteria {
      status_codes = [500, 502, 503, 504]
    }
    member {
      origin_id = "aws"
    }
    member {
      origin_id = "azure"
    }
  }
  default_cache_behavior {
    target_origin_id       = "clouds"
    viewer_protocol_policy = "redirect-to-https"
    # An API takes writes. With an origin group CloudFront sends every method to the primary and
    # fails over to the secondary for GET, HEAD and OPTIONS only ("Request and response behavior
    # for origin groups", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorOriginGroups.html);
    # a write the primary refuses with a 5xx is the client's to retry.
    allowed_methods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods  = ["GET", "HEAD"]
    # Managed policy CachingDisabled: an API, not static content.
    cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    # Managed policy AllViewerExceptHostHeader: query strings, headers and cookies reach the
    # origin, and the Host header is the origin's own, which API Gateway and App Service need
    # ("Use managed origin request policies", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html).
    origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  aliases = local.own_name == 1 ? [var.domain_name] : []
  viewer_certificate {
    cloudfront_default_certificate = local.own_name == 0
    acm_certificate_arn            = local.own_name == 1 ? module.certificate[0].certificate_arn : null
    ssl_support_method             = local.own_name == 1 ? "sni-only" : null
    minimum_protocol_version       = local.own_name == 1 ? "TLSv1.2_2021" : null
  }
}

# --- Cloudflare load balancer with health monitors (the third routing option) ---------------
resource "cloudflare_load_balancer_monitor" "health" {
  count          = local.cloudflare
  account_id     = var.cloudflare_account_id
  type           = "https"
  path           = var.health_path
  expected_codes = "200"
  interval       = 30
  retries        = 2
  description    = "${var.service_name} ${var.health_path}"
}

resource "cloudflare_load_balancer_pool" "cloud" {
  for_each   = var.kind == "cloudflare" ? { aws = var.aws_hostname, azure = var.azure_hostname } : {}
  account_id = var.cloudflare_account_id
  name       = "${var.service_name}-${each.key}"
  monitor    = cloudflare_load_balancer_monitor.health[0].id
  origins {
    name    = each.key
    address = each.value
    header {
      header = "Host"
      values = [each.value]
    }
  }
}

resource "cloudflare_load_balancer" "service" {
  count            = local.cloudflare
  zone_id          = var.cloudflare_zone_id
  name             = var.domain_name
  default_pool_ids = [cloudflare_load_balancer_pool.cloud["aws"].id, cloudflare_load_balancer_pool.cloud["azure"].id]
  fallback_pool_id = cloudflare_load_balancer_pool.cloud["azure"].id
  steering_policy  = "random"
  proxied          = true
}
