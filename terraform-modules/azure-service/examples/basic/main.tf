provider "azurerm" {
  features {}
}

module "orders_azure" {
  source             = "../.."
  service_name       = "orders"
  location           = "westeurope"
  peer_sqs_queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-inbound"
  peer_sqs_region    = "eu-west-1"
}

output "function_url" {
  value = module.orders_azure.function_url
}
