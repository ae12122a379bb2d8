provider "aws" {
  region = "eu-west-1"
}

module "orders_certificate" {
  source         = "../.."
  domain_name    = "orders.example.com"
  hosted_zone_id = "Z0123456789ABCDEFGHIJ"
  tags           = { service = "orders" }
}

output "certificate_arn" {
  value = module.orders_certificate.certificate_arn
}
