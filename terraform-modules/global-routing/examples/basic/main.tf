provider "aws" {
  region = "eu-west-1"
}

provider "azurerm" {
  features {}
}

module "orders_routing" {
  source         = "../.."
  service_name   = "orders"
  routing        = "route53"
  hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  domain_name    = "orders.example.com"
  aws_hostname   = "abc123.execute-api.eu-west-1.amazonaws.com"
  azure_hostname = "func-orders.azurewebsites.net"
  weights        = { aws = 50, azure = 50 }

  aws_api_id                          = "abc123"
  azure_function_app_name             = "func-orders"
  azure_custom_domain_verification_id = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
  resource_group_name                 = "rg-orders"
}
