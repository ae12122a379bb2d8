output "api_url" {
  description = "The AWS endpoint."
  value       = module.service.api_url
}

output "api_hostname" {
  description = "Its host name, for the global routing's health checks."
  value       = module.service.api_hostname
}

output "api_id" {
  description = "The HTTP API, which the global routing maps the service's name to."
  value       = module.service.api_id
}

output "inbound_queue_url" {
  description = "AWS's inbound queue, for the Azure side."
  value       = module.service.inbound_queue_url
}

output "inbound_queue_arn" {
  description = "The queue Azure's sender role may send to."
  value       = module.service.inbound_queue_arn
}

output "peer_azure_identity_secret_arn" {
  description = "The secret infra/global fills with Azure's sender identity (tenant and client id, no key)."
  value       = module.service.peer_azure_identity_secret_arn
}

output "kms_key_arn" {
  description = "The queues' customer-managed key, if any."
  value       = module.service.kms_key_arn
}
