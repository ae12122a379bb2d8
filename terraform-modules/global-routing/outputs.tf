output "global_url" {
  description = "The service's global URL."
  value = (
    var.routing == "route53" ? "https://${var.domain_name}" :
    var.routing == "traffic-manager" ? "https://${azurerm_traffic_manager_profile.service[0].fqdn}" :
    "https://${azurerm_cdn_frontdoor_endpoint.service[0].host_name}"
  )
}

output "route53_health_check_ids" {
  description = "Health check per cloud (route53 routing), which the portal reads."
  value       = { for k, v in aws_route53_health_check.cloud : k => v.id }
}
