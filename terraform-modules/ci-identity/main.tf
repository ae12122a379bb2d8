# GitHub puts the job's environment into the token's subject whenever the job names one:
# `repo:<owner>/<repo>:environment:<name>` ("About security hardening with OpenID Connect",
# https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect).
# Every deploy and drill job declares an environment, so each cloud trusts exactly those subjects.
locals {
  subject = { for env in distinct(concat([var.plan_environment], var.aws_environments, var.azure_environments)) : env => "repo:${var.github_repository}:environment:${env}" }
}

data "aws_caller_identity" "current" {}

# --- AWS: GitHub OIDC provider and a deploy role only the listed environments assume --------
resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_oidc_provider ? 1 : 0
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 0 : 1
  url   = "https://token.actions.githubusercontent.com"
}

locals {
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn
}

resource "aws_iam_role" "deploy" {
  name = "${var.service_name}-github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_provider_arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          # A list is "any of" (IAM User Guide, "Creating a condition with multiple keys or values").
          "token.actions.githubusercontent.com:sub" = [for env in var.aws_environments : local.subject[env]]
        }
      }
    }]
  })
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "deploy" {
  name   = "plan-and-apply"
  role   = aws_iam_role.deploy.id
  policy = local.aws_deploy_policy
}

# --- Azure: an application with one federated credential per environment -------------------
resource "azuread_application" "deploy" {
  display_name = "${var.service_name}-github-deploy"
}

resource "azuread_service_principal" "deploy" {
  client_id = azuread_application.deploy.client_id
}

resource "azuread_application_federated_identity_credential" "github" {
  for_each       = toset(var.azure_environments)
  application_id = azuread_application.deploy.id
  display_name   = "github-${each.key}"
  description    = "GitHub Actions jobs of ${var.github_repository} in the environment ${each.key}"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = local.subject[each.key]
}

resource "azurerm_role_definition" "deploy" {
  name        = "${var.service_name}-github-deploy"
  scope       = var.azure_scope
  description = "What plan and apply of the service's Terraform need, and no more."
  permissions {
    actions = local.azure_deploy_actions
  }
  assignable_scopes = [var.azure_scope]
}

resource "azurerm_role_assignment" "deploy" {
  scope              = var.azure_scope
  role_definition_id = azurerm_role_definition.deploy.role_definition_resource_id
  principal_id       = azuread_service_principal.deploy.object_id
  # The deploy identity may create and delete role assignments only of the roles the modules
  # assign, never Owner or User Access Administrator ("Delegate Azure role assignment management
  # to others with conditions", https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-overview).
  condition_version = "2.0"
  condition         = <<-EOT
    (
      (
        !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})
      )
      OR
      (
        @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${join(", ", values(local.assignable_roles))}}
      )
    )
    AND
    (
      (
        !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})
      )
      OR
      (
        @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${join(", ", values(local.assignable_roles))}}
      )
    )
  EOT
}

# The Terraform state of the Azure side: blob data in its one container, nowhere else.
resource "azurerm_role_assignment" "state" {
  scope                = var.azure_state_container_id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azuread_service_principal.deploy.object_id
}

# --- The plan identities: what `terraform plan` reads, nothing it could change ----------------
# Plan jobs run on every push to main before anyone reviews a plan, and a plan runs the code it
# plans: providers and data sources (an `external` data source runs any program) with the job's
# credentials. So the plan environment's subject gets identities that can read the service's
# resources and state but change nothing; only the reviewed production jobs get the deploy ones.
resource "aws_iam_role" "plan" {
  name = "${var.service_name}-github-plan"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_provider_arn }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = local.subject[var.plan_environment]
        }
      }
    }]
  })
  max_session_duration = 3600
  lifecycle {
    precondition {
      condition     = !contains(concat(var.aws_environments, var.azure_environments), var.plan_environment)
      error_message = "The plan environment (${var.plan_environment}) gets the read-only plan identities; leave it out of aws_environments and azure_environments, which get the deploy identities."
    }
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "plan"
  role   = aws_iam_role.plan.id
  policy = local.aws_plan_policy
}

resource "azuread_application" "plan" {
  display_name = "${var.service_name}-github-plan"
}

resource "azuread_service_principal" "plan" {
  client_id = azuread_application.plan.client_id
}

resource "azuread_application_federated_identity_credential" "plan" {
  application_id = azuread_application.plan.id
  display_name   = "github-${var.plan_environment}"
  description    = "GitHub Actions plan jobs of ${var.github_repository} in the environment ${var.plan_environment}"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = local.subject[var.plan_environment]
}

resource "azurerm_role_definition" "plan" {
  name        = "${var.service_name}-github-plan"
  scope       = var.azure_scope
  description = "What a plan of the service's Terraform reads, and nothing it could change."
  permissions {
    actions = local.azure_plan_actions
  }
  assignable_scopes = [var.azure_scope]
}

resource "azurerm_role_assignment" "plan" {
  scope              = var.azure_scope
  role_definition_id = azurerm_role_definition.plan.role_definition_resource_id
  principal_id       = azuread_service_principal.plan.object_id
}

# The Azure side's state, read only, so a plan cannot rewrite it: the plan job plans with
# `-lock=false`, since the azurerm backend locks by leasing the state blob and a lease is a write
# (the blob write permission is what lets one "Snapshot or lease the blob": BlobSasPermissions,
# https://learn.microsoft.com/python/api/azure-storage-blob/azure.storage.blob.blobsaspermissions),
# and a saved plan whose state changed meanwhile is refused at apply as stale.
resource "azurerm_role_assignment" "plan_state" {
  scope                = var.azure_state_container_id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azuread_service_principal.plan.object_id
}
