output "function_url" {
  description = "The Azure endpoint."
  value       = module.service.function_url
}

output "function_hostname" {
  description = "Its host name, for the global routing."
  value       = module.service.function_hostname
}

output "aws_sender_connection_string" {
  description = "AWS's send-only Service Bus connection."
  value       = module.service.aws_sender_connection_string
  sensitive   = true
}

output "key_vault_id" {
  description = "Where infra/global writes AWS's send-only identity."
  value       = module.service.key_vault_id
}

output "resource_group_name" {
  description = "The service's resource group."
  value       = module.service.resource_group_name
}
