terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
  backend "s3" {
    key          = "orders/global.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.aws_region
}

provider "azurerm" {
  features {}
  use_oidc = true
}

# Both clouds' outputs, to wire them together: the routing, and each side's send-only
# credential for the other, kept in that side's secret store.
data "terraform_remote_state" "aws" {
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = "${var.service_name}/aws.tfstate"
    region = var.aws_region
  }
}

data "terraform_remote_state" "azure" {
  backend = "azurerm"
  config = {
    storage_account_name = var.state_storage_account
    resource_group_name  = "rg-terraform-state"
    container_name       = "tfstate"
    key                  = "${var.service_name}/azure.tfstate"
    use_oidc             = true
    use_azuread_auth     = true
  }
}

module "routing" {
  source              = "git::https://github.com/multicloud-active-active/multicloud-active-active.git//terraform-modules/global-routing?ref=v0.1.0"
  service_name        = var.service_name
  routing             = var.routing
  weights             = var.weights
  aws_hostname        = data.terraform_remote_state.aws.outputs.api_hostname
  azure_hostname      = data.terraform_remote_state.azure.outputs.function_hostname
  hosted_zone_id      = var.hosted_zone_id
  domain_name         = var.domain_name
  resource_group_name = data.terraform_remote_state.azure.outputs.resource_group_name
  drain               = var.drain
}

resource "aws_secretsmanager_secret_version" "peer_servicebus" {
  secret_id     = data.terraform_remote_state.aws.outputs.peer_servicebus_secret_arn
  secret_string = data.terraform_remote_state.azure.outputs.aws_sender_connection_string
}

resource "azurerm_key_vault_secret" "peer_aws_access_key_id" {
  name         = "peer-aws-access-key-id"
  key_vault_id = data.terraform_remote_state.azure.outputs.key_vault_id
  value        = data.terraform_remote_state.aws.outputs.azure_sender_access_key_id
}

resource "azurerm_key_vault_secret" "peer_aws_secret_access_key" {
  name         = "peer-aws-secret-access-key"
  key_vault_id = data.terraform_remote_state.azure.outputs.key_vault_id
  value        = data.terraform_remote_state.aws.outputs.azure_sender_secret_access_key
}
