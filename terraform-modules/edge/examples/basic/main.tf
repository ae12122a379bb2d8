provider "aws" {
  region = "us-east-1"
}

provider "cloudflare" {}

module "orders_edge" {
  source         = "../.."
  service_name   = "orders"
  kind           = "cloudfront"
  aws_hostname   = "abc123.execute-api.eu-west-1.amazonaws.com"
  azure_hostname = "func-orders.azurewebsites.net"
  domain_name    = "orders.example.com"
  hosted_zone_id = "Z0123456789ABCDEFGHIJ"
}
