output "function_url" {
  description = "The Azure endpoint."
  value       = module.service.function_url
}

output "function_hostname" {
  description = "Its host name, for the global routing."
  value       = module.service.function_hostname
}

output "function_app_name" {
  description = "The Function App, which the global routing binds the service's name to."
  value       = module.service.function_app_name
}

output "custom_domain_verification_id" {
  description = "The Function App's custom domain verification id."
  value       = module.service.custom_domain_verification_id
  sensitive   = true
}

output "function_principal_id" {
  description = "The Function App identity's object id, which AWS trusts to send into SQS."
  value       = module.service.function_principal_id
}

output "aws_sender_client_id" {
  description = "The identity AWS's relay sends to Service Bus as."
  value       = module.service.aws_sender_client_id
}

output "tenant_id" {
  description = "The Entra tenant."
  value       = module.service.tenant_id
}

output "resource_group_name" {
  description = "The service's resource group."
  value       = module.service.resource_group_name
}
