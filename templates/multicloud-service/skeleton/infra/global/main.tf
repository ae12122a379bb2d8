terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.81"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.31"
    }
  }
  backend "s3" {
    key          = "${{ values.name }}/global.tfstate"
    region       = "${{ values.awsRegion }}"
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

# Both clouds' outputs, to wire them together: the routing under the service's own name, and
# each side's trust of the other's identity (no key crosses between the clouds).
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

locals {
  aws   = data.terraform_remote_state.aws.outputs
  azure = data.terraform_remote_state.azure.outputs
}

module "routing" {
  source                              = "git::${{ values.modulesRepository }}//terraform-modules/global-routing?ref=${{ values.modulesRef }}"
  service_name                        = var.service_name
  routing                             = var.routing
  weights                             = var.weights
  aws_hostname                        = local.aws.api_hostname
  aws_api_id                          = local.aws.api_id
  azure_hostname                      = local.azure.function_hostname
  azure_function_app_name             = local.azure.function_app_name
  azure_custom_domain_verification_id = local.azure.custom_domain_verification_id
  hosted_zone_id                      = var.hosted_zone_id
  domain_name                         = var.domain_name
  resource_group_name                 = local.azure.resource_group_name
  drain                               = var.drain
}

# --- AWS -> Azure: which federated identity the relay sends as (ids only, no secret) ---------
resource "aws_secretsmanager_secret_version" "peer_azure_identity" {
  secret_id = local.aws.peer_azure_identity_secret_arn
  secret_string = jsonencode({
    tenantId = local.azure.tenant_id
    clientId = local.azure.aws_sender_client_id
  })
}

# --- Azure -> AWS: the Function App's identity assumes a send-only role -----------------------
# The relay asks Entra ID for a token for api://AzureADTokenExchange with its managed identity;
# its issuer is the tenant's v2.0 endpoint and its subject the identity's object id ("Configure an
# application to trust a managed identity", https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
# AWS STS takes it in AssumeRoleWithWebIdentity once an IAM OIDC identity provider names that
# issuer and audience ("Create an OpenID Connect (OIDC) identity provider in IAM",
# https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html).
locals {
  entra_issuer = "login.microsoftonline.com/${local.azure.tenant_id}/v2.0"
}

resource "aws_iam_openid_connect_provider" "entra" {
  count          = var.create_entra_oidc_provider ? 1 : 0
  url            = "https://${local.entra_issuer}"
  client_id_list = ["api://AzureADTokenExchange"]
}

data "aws_iam_openid_connect_provider" "entra" {
  count = var.create_entra_oidc_provider ? 0 : 1
  url   = "https://${local.entra_issuer}"
}

resource "aws_iam_role" "azure_sender" {
  name = "${var.service_name}-azure-sender"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.create_entra_oidc_provider ? aws_iam_openid_connect_provider.entra[0].arn : data.aws_iam_openid_connect_provider.entra[0].arn }
      Condition = {
        StringEquals = {
          "${local.entra_issuer}:aud" = "api://AzureADTokenExchange"
          "${local.entra_issuer}:sub" = local.azure.function_principal_id
        }
      }
    }]
  })
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "azure_sender" {
  name = "send-to-inbound"
  role = aws_iam_role.azure_sender.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
      Resource = [local.aws.inbound_queue_arn]
      }], local.aws.kms_key_arn == null ? [] : [{
      # A queue encrypted with a customer-managed key takes a message only from a sender that
      # may use the key ("Key management" in the SQS Developer Guide,
      # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
      Effect   = "Allow"
      Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource = [local.aws.kms_key_arn]
    }])
  })
}
