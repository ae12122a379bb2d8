resource "azurerm_virtual_network" "service" {
  name                = "vnet-${var.service_name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  address_space       = [var.address_space]
}

# The Function App's outbound traffic (Flex Consumption VNet integration).
resource "azurerm_subnet" "functions" {
  name                 = "functions"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.service.name
  address_prefixes     = [cidrsubnet(var.address_space, 8, 0)]
  delegation {
    name = "flex"
    service_delegation {
      name    = "Microsoft.App/environments"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

# Private endpoints of Cosmos DB, Service Bus and Key Vault.
resource "azurerm_subnet" "private_endpoints" {
  name                 = "private-endpoints"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.service.name
  address_prefixes     = [cidrsubnet(var.address_space, 8, 1)]
}
