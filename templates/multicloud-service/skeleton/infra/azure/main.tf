terraform {
  required_version = ">= 1.10.0"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.31"
    }
  }
  # State in Azure Storage (blob leases lock it); the account comes from -backend-config.
  backend "azurerm" {
    resource_group_name = "rg-terraform-state"
    container_name      = "tfstate"
    key                 = "${{ values.name }}/azure.tfstate"
    use_oidc            = true
    use_azuread_auth    = true
  }
}

provider "azurerm" {
  features {}
  use_oidc = true
}

module "service" {
  source           = "git::${{ values.modulesRepository }}//terraform-modules/azure-service?ref=${{ values.modulesRef }}"
  service_name     = var.service_name
  location         = var.location
  consistency_mode = var.consistency_mode
  # AWS's inbound queue follows from the account and the service's name (terraform-modules/aws-service).
  peer_sqs_queue_url   = "https://sqs.${var.peer_sqs_region}.amazonaws.com/${var.aws_account_id}/${var.service_name}-inbound"
  peer_sqs_region      = var.peer_sqs_region
  peer_aws_oidc_issuer = var.peer_aws_oidc_issuer
  primary_region_id    = var.primary_region_id
  primary_url          = var.primary_url
  action_group_id      = var.action_group_id
}
