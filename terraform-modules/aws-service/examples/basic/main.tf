provider "aws" {
  region = "eu-west-1"
}

module "orders_aws" {
  source                    = "../.."
  service_name              = "orders"
  lambda_package_dir        = "${path.root}/dist/aws"
  peer_servicebus_namespace = "sbns-orders-bus.servicebus.windows.net"
  peer_queue_name           = "orders-inbound"
  tags                      = { team = "orders" }
}

output "api_url" {
  value = module.orders_aws.api_url
}
