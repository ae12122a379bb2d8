provider "azurerm" {
  features {}
}

module "orders_azure" {
  source             = "../.."
  service_name       = "orders"
  location           = "westeurope"
  peer_sqs_queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-inbound"
  peer_sqs_region    = "eu-west-1"
  # From `aws iam get-outbound-web-identity-federation-info` in the AWS account.
  peer_aws_oidc_issuer = "https://abc123.tokens.sts.global.api.aws"
}

output "function_url" {
  value = module.orders_azure.function_url
}
