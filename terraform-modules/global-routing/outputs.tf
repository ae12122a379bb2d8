output "global_url" {
  description = "The service's global URL: its own name, served over HTTPS by every routing choice."
  value       = "https://${var.domain_name}"
}

output "route53_health_check_ids" {
  description = "Health check per cloud (route53 routing), which the portal reads."
  value       = { for k, v in aws_route53_health_check.cloud : k => v.id }
}
