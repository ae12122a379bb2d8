output "function_url" {
  description = "The Function App's URL."
  value       = "https://${azurerm_function_app_flex_consumption.service.default_hostname}"
}

output "function_hostname" {
  description = "The Function App's host name, for the global routing's health checks."
  value       = azurerm_function_app_flex_consumption.service.default_hostname
}

output "servicebus_namespace_fqdn" {
  description = "The Service Bus namespace AWS's relay sends to."
  value       = "${azurerm_servicebus_namespace.bus.name}.servicebus.windows.net"
}

output "inbound_queue_name" {
  description = "Azure's inbound queue."
  value       = azurerm_servicebus_queue.inbound.name
}

output "aws_sender_client_id" {
  description = "Client id of the identity AWS's relay sends as (federated, no secret)."
  value       = azurerm_user_assigned_identity.aws_sender.client_id
}

output "tenant_id" {
  description = "The Entra tenant that issues the identities' tokens."
  value       = data.azurerm_client_config.current.tenant_id
}

output "function_principal_id" {
  description = "Object id of the Function App's identity: the subject AWS trusts for sends into SQS."
  value       = azurerm_user_assigned_identity.function.principal_id
}

output "resource_group_name" {
  description = "The service's resource group."
  value       = azurerm_resource_group.service.name
}

output "function_app_name" {
  description = "The Function App, which global-routing binds the service's name to."
  value       = azurerm_function_app_flex_consumption.service.name
}

output "custom_domain_verification_id" {
  description = "The Function App's custom domain verification id (the TXT asuid record)."
  value       = azurerm_function_app_flex_consumption.service.custom_domain_verification_id
  sensitive   = true
}
