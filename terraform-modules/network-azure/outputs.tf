output "vnet_id" {
  description = "The VNet."
  value       = azurerm_virtual_network.service.id
}

output "functions_subnet_id" {
  description = "Subnet for the Function App's VNet integration."
  value       = azurerm_subnet.functions.id
}

output "private_endpoints_subnet_id" {
  description = "Subnet for private endpoints."
  value       = azurerm_subnet.private_endpoints.id
}
