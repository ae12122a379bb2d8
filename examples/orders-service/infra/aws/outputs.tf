output "api_url" {
  description = "The AWS endpoint."
  value       = module.service.api_url
}

output "api_hostname" {
  description = "Its host name, for the global routing."
  value       = module.service.api_hostname
}

output "inbound_queue_url" {
  description = "AWS's inbound queue, for the Azure side."
  value       = module.service.inbound_queue_url
}

output "peer_servicebus_secret_arn" {
  description = "The secret infra/global fills."
  value       = module.service.peer_servicebus_secret_arn
}

output "azure_sender_access_key_id" {
  description = "Azure's send-only identity on AWS."
  value       = module.service.azure_sender_access_key_id
  sensitive   = true
}

output "azure_sender_secret_access_key" {
  description = "Its secret."
  value       = module.service.azure_sender_secret_access_key
  sensitive   = true
}
