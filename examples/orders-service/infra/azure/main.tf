terraform {
  required_version = ">= 1.6.0"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
  # State in Azure Storage (blob leases lock it); the account comes from -backend-config.
  backend "azurerm" {
    resource_group_name = "rg-terraform-state"
    container_name      = "tfstate"
    key                 = "orders/azure.tfstate"
    use_oidc            = true
    use_azuread_auth    = true
  }
}

provider "azurerm" {
  features {}
  use_oidc = true
}

module "service" {
  source             = "git::https://github.com/multicloud-active-active/multicloud-active-active.git//terraform-modules/azure-service?ref=v0.1.0"
  service_name       = var.service_name
  location           = var.location
  consistency_mode   = var.consistency_mode
  peer_sqs_queue_url = var.peer_sqs_queue_url
  peer_sqs_region    = var.peer_sqs_region
  action_group_id    = var.action_group_id
}
