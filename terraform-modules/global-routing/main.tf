locals {
  endpoints = {
    aws   = { hostname = var.aws_hostname, path = var.health_path }
    azure = { hostname = var.azure_hostname, path = "/api${var.health_path}" }
  }
  route53 = var.routing == "route53" ? local.endpoints : {}
  tm      = var.routing == "traffic-manager" ? local.endpoints : {}
  afd     = var.routing == "front-door" ? local.endpoints : {}
}

# --- Route53 weighted records with health checks --------------------------------------------
resource "aws_route53_health_check" "cloud" {
  for_each          = local.route53
  fqdn              = each.value.hostname
  port              = 443
  type              = "HTTPS"
  resource_path     = each.value.path
  failure_threshold = 3
  request_interval  = 10
  invert_healthcheck = var.drain == each.key
  tags              = merge(var.tags, { Name = "${var.service_name}-${each.key}" })
}

resource "aws_route53_record" "weighted" {
  for_each        = local.route53
  zone_id         = var.hosted_zone_id
  name            = var.domain_name
  type            = "CNAME"
  ttl             = 30
  set_identifier  = each.key
  records         = [each.value.hostname]
  health_check_id = aws_route53_health_check.cloud[each.key].id
  weighted_routing_policy {
    weight = var.weights[each.key]
  }
  # The portal fails over by changing the weights; a later apply must not undo that.
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
  target               = each.value.hostname
  weight               = max(var.weights[each.key], 1)
  enabled              = var.drain != each.key && var.weights[each.key] > 0
  always_serve_enabled = false
  lifecycle {
    ignore_changes = [weight, enabled]
  }
}

# --- Azure Front Door (optional) ------------------------------------------------------------
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
    ignore_changes = [weight, enabled]
  }
}

resource "azurerm_cdn_frontdoor_endpoint" "service" {
  count                    = var.routing == "front-door" ? 1 : 0
  name                     = "${var.service_name}-global"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.service[0].id
}

resource "azurerm_cdn_frontdoor_route" "service" {
  count                         = var.routing == "front-door" ? 1 : 0
  name                          = "all"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.service[0].id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.service[0].id
  cdn_frontdoor_origin_ids      = [for o in azurerm_cdn_frontdoor_origin.cloud : o.id]
  patterns_to_match             = ["/*"]
  supported_protocols           = ["Https"]
  forwarding_protocol           = "HttpsOnly"
}
