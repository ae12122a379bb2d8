locals {
  # Both clouds serve at the root (the Function App's host.json sets routePrefix to ""), so every
  # probe asks each cloud for the same path.
  endpoints = {
    aws   = { hostname = var.aws_hostname }
    azure = { hostname = var.azure_hostname }
  }
  route53 = var.routing == "route53" ? local.endpoints : {}
  tm      = var.routing == "traffic-manager" ? local.endpoints : {}
  afd     = var.routing == "front-door" ? local.endpoints : {}
  # With DNS routing (Route53, Traffic Manager) the browser reaches each cloud under the service's
  # own name, so each cloud holds that name and a certificate for it. Front Door ends TLS itself.
  dns_routing = var.routing != "front-door" ? 1 : 0
}

# --- The service's name on AWS: an ACM certificate and an API Gateway custom domain ----------
module "certificate" {
  count          = local.dns_routing
  source         = "../acm-certificate"
  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id
  tags           = var.tags
}

# The certificate, its validation records and its validation were this module's own resources
# before acm-certificate held them: the same objects, at their new addresses, never replaced.
moved {
  from = aws_acm_certificate.service[0]
  to   = module.certificate[0].aws_acm_certificate.this
}

moved {
  from = aws_route53_record.acm_validation
  to   = module.certificate[0].aws_route53_record.validation
}

moved {
  from = aws_acm_certificate_validation.service[0]
  to   = module.certificate[0].aws_acm_certificate_validation.this
}

resource "aws_apigatewayv2_domain_name" "service" {
  count       = local.dns_routing
  domain_name = var.domain_name
  domain_name_configuration {
    certificate_arn = module.certificate[0].certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "service" {
  count       = local.dns_routing
  api_id      = var.aws_api_id
  domain_name = aws_apigatewayv2_domain_name.service[0].id
  stage       = "$default"
}

# --- The service's name on Azure: a host name binding with an App Service managed certificate --
# App Service proves the name is ours by a TXT record asuid.<name> holding the app's verification
# id ("Map an existing custom DNS name to Azure App Service",
# https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-custom-domain). The free
# managed certificate needs the name to resolve to the app (directly or through Traffic Manager)
# while it is issued and renewed ("Create a free managed certificate",
# https://learn.microsoft.com/azure/app-service/configure-ssl-certificate).
resource "aws_route53_record" "azure_verification" {
  count   = local.dns_routing
  zone_id = var.hosted_zone_id
  name    = "asuid.${var.domain_name}"
  type    = "TXT"
  ttl     = 300
  records = [var.azure_custom_domain_verification_id]
}

resource "azurerm_app_service_custom_hostname_binding" "service" {
  count               = local.dns_routing
  hostname            = var.domain_name
  app_service_name    = var.azure_function_app_name
  resource_group_name = var.resource_group_name
  depends_on          = [aws_route53_record.azure_verification, aws_route53_record.weighted, aws_route53_record.traffic_manager]
  # The certificate binding below sets these.
  lifecycle {
    ignore_changes = [ssl_state, thumbprint]
  }
}

resource "azurerm_app_service_managed_certificate" "service" {
  count                      = local.dns_routing
  custom_hostname_binding_id = azurerm_app_service_custom_hostname_binding.service[0].id
  tags                       = var.tags
}

resource "azurerm_app_service_certificate_binding" "service" {
  count               = local.dns_routing
  hostname_binding_id = azurerm_app_service_custom_hostname_binding.service[0].id
  certificate_id      = azurerm_app_service_managed_certificate.service[0].id
  ssl_state           = "SniEnabled"
}

# --- Route53 weighted records with health checks --------------------------------------------
resource "aws_route53_health_check" "cloud" {
  for_each          = local.route53
  fqdn              = each.value.hostname
  port              = 443
  type              = "HTTPS"
  resource_path     = var.health_path
  failure_threshold = 3
  request_interval  = 10
  # A drill takes a cloud out by failing its check; Route53 then answers with the other record.
  invert_healthcheck = var.drain == each.key
  tags               = merge(var.tags, { Name = "${var.service_name}-${each.key}" })
}

resource "aws_route53_record" "weighted" {
  for_each       = local.route53
  zone_id        = var.hosted_zone_id
  name           = var.domain_name
  type           = "CNAME"
  ttl            = 30
  set_identifier = each.key
  # AWS answers under the name at its custom domain's regional target; Azure at its own host,
  # which holds the name through the host name binding above.
  records = [
    each.key == "aws" ? aws_apigatewayv2_domain_name.service[0].domain_name_configuration[0].target_domain_name : each.value.hostname
  ]
  health_check_id = aws_route53_health_check.cloud[each.key].id
  weighted_routing_policy {
    weight = var.weights[each.key]
  }
  # The portal fails over by changing the weights (and commits them to weights.auto.tfvars.json);
  # a later apply must not undo a failover made between commit and apply.
  lifecycle {
    ignore_changes = [weighted_routing_policy]
  }
}

# --- Azure Traffic Manager ------------------------------------------------------------------
resource "azurerm_traffic_manager_profile" "service" {
  count                  = var.routing == "traffic-manager" ? 1 : 0
  name                   = "tm-${var.service_name}"
  resource_group_name    = var.resource_group_name
  traffic_routing_method = "Weighted"
  dns_config {
    relative_name = var.service_name
    ttl           = 30
  }
  monitor_config {
    protocol                     = "HTTPS"
    port                         = 443
    path                         = var.health_path
    interval_in_seconds          = 10
    timeout_in_seconds           = 5
    tolerated_number_of_failures = 2
  }
  tags = var.tags
}

resource "azurerm_traffic_manager_external_endpoint" "cloud" {
  for_each             = local.tm
  name                 = each.key
  profile_id           = azurerm_traffic_manager_profile.service[0].id
  target               = each.key == "aws" ? aws_apigatewayv2_domain_name.service[0].domain_name_configuration[0].target_domain_name : each.value.hostname
  weight               = max(var.weights[each.key], 1)
  enabled              = var.drain != each.key && var.weights[each.key] > 0
  always_serve_enabled = false
  # API Gateway answers a custom domain's regional target only under the domain's own name, so
  # Traffic Manager's probes of the AWS endpoint carry it as their Host header ("Traffic Manager
  # endpoint monitoring", https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring).
  dynamic "custom_header" {
    for_each = each.key == "aws" ? [var.domain_name] : []
    content {
      name  = "host"
      value = custom_header.value
    }
  }
  # Weights drift with portal failovers; `enabled` stays Terraform's, so `drain` (and a weight of
  # 0 committed by a failover) takes effect on apply.
  lifecycle {
    ignore_changes = [weight]
  }
}

resource "aws_route53_record" "traffic_manager" {
  count   = var.routing == "traffic-manager" ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = var.domain_name
  type    = "CNAME"
  ttl     = 300
  records = [azurerm_traffic_manager_profile.service[0].fqdn]
}

# --- Azure Front Door -----------------------------------------------------------------------
resource "azurerm_cdn_frontdoor_profile" "service" {
  count               = var.routing == "front-door" ? 1 : 0
  name                = "afd-${var.service_name}"
  resource_group_name = var.resource_group_name
  sku_name            = "Standard_AzureFrontDoor"
  tags                = var.tags
}

resource "azurerm_cdn_frontdoor_origin_group" "service" {
  count                    = var.routing == "front-door" ? 1 : 0
  name                     = "clouds"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.service[0].id
  load_balancing {
    sample_size                 = 4
    successful_samples_required = 3
    # Front Door weighs only among origins within the latency sensitivity of the fastest
    # ("Traffic routing methods to origin", https://learn.microsoft.com/azure/frontdoor/routing-methods);
    # the default of 50 ms would send all traffic to the nearer cloud. 1000 ms is the most allowed.
    additional_latency_in_milliseconds = 1000
  }
  health_probe {
    path                = var.health_path
    protocol            = "Https"
    interval_in_seconds = 30
    request_type        = "GET"
  }
}

resource "azurerm_cdn_frontdoor_origin" "cloud" {
  for_each                       = local.afd
  name                           = each.key
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.service[0].id
  host_name                      = each.value.hostname
  origin_host_header             = each.value.hostname
  certificate_name_check_enabled = true
  weight                         = max(var.weights[each.key] * 10, 1)
  enabled                        = var.drain != each.key && var.weights[each.key] > 0
  lifecycle {
    ignore_changes = [weight]
  }
}

resource "azurerm_cdn_frontdoor_endpoint" "service" {
  count                    = var.routing == "front-door" ? 1 : 0
  name                     = "${var.service_name}-global"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.service[0].id
}

# Front Door's managed certificate for the service's name, validated by a TXT record
# ("Configure a custom domain on Azure Front Door", https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-add-custom-domain).
resource "azurerm_cdn_frontdoor_custom_domain" "service" {
  count                    = var.routing == "front-door" ? 1 : 0
  name                     = "service"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.service[0].id
  host_name                = var.domain_name
  tls {
    certificate_type    = "ManagedCertificate"
    minimum_tls_version = "TLS12"
  }
}

resource "aws_route53_record" "front_door_validation" {
  count   = var.routing == "front-door" ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = "_dnsauth.${var.domain_name}"
  type    = "TXT"
  ttl     = 300
  records = [azurerm_cdn_frontdoor_custom_domain.service[0].validation_token]
}

resource "aws_route53_record" "front_door" {
  count   = var.routing == "front-door" ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = var.domain_name
  type    = "CNAME"
  ttl     = 300
  records = [azurerm_cdn_frontdoor_endpoint.service[0].host_name]
}

resource "azurerm_cdn_frontdoor_route" "service" {
  count                           = var.routing == "front-door" ? 1 : 0
  name                            = "all"
  cdn_frontdoor_endpoint_id       = azurerm_cdn_frontdoor_endpoint.service[0].id
  cdn_frontdoor_origin_group_id   = azurerm_cdn_frontdoor_origin_group.service[0].id
  cdn_frontdoor_origin_ids        = [for o in azurerm_cdn_frontdoor_origin.cloud : o.id]
  cdn_frontdoor_custom_domain_ids = [azurerm_cdn_frontdoor_custom_domain.service[0].id]
  patterns_to_match               = ["/*"]
  supported_protocols             = ["Https"]
  forwarding_protocol             = "HttpsOnly"
  link_to_default_domain          = false
}
