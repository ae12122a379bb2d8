output "global_url" {
  description = "The service's global URL."
  value       = module.routing.global_url
}
