provider "aws" {
  region = "eu-west-1"
}

provider "azurerm" {
  features {}
}

module "orders_ci" {
  source                   = "../.."
  service_name             = "orders"
  github_repository        = "example-org/orders"
  state_bucket             = "example-org-terraform-state"
  hosted_zone_id           = "Z0123456789ABCDEFGHIJ"
  azure_scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  azure_state_container_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-terraform-state/providers/Microsoft.Storage/storageAccounts/exampletfstate/blobServices/default/containers/tfstate"
}

output "aws_role_arn" {
  value = module.orders_ci.aws_role_arn
}
