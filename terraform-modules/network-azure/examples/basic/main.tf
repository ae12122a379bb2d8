provider "azurerm" {
  features {}
}

module "orders_network" {
  source              = "../.."
  service_name        = "orders"
  location            = "westeurope"
  resource_group_name = "rg-orders"
}
