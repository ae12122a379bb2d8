provider "aws" {
  region = "eu-west-1"
}

module "orders_network" {
  source             = "../.."
  service_name       = "orders"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
}
