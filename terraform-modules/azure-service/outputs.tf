output "function_url" {
  description = "The Function App's URL."
  value       = "https://${azurerm_function_app_flex_consumption.service.default_hostname}/api"
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

output "aws_sender_connection_string" {
  description = "Send-only connection string for AWS's relay; infra/global writes it to Secrets Manager."
  value       = azurerm_servicebus_queue_authorization_rule.aws_sender.primary_connection_string
  sensitive   = true
}

output "key_vault_id" {
  description = "The Key Vault that holds AWS's send-only identity."
  value       = azurerm_key_vault.secrets.id
}

output "resource_group_name" {
  description = "The service's resource group."
  value       = azurerm_resource_group.service.name
}
