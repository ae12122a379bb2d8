variable "github_repository" {
  type        = string
  description = "The service's repository, owner/name: only its workflows get the deploy identities."
  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "service_name" {
  type        = string
  description = "The service's name, for the role and application names."
}

variable "deploy_ref" {
  type        = string
  description = "The Git ref allowed to deploy, e.g. refs/heads/main."
  default     = "refs/heads/main"
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC provider (once per AWS account)."
  default     = false
}

variable "deploy_policy_json" {
  type        = string
  description = "The deploy role's permissions (a least-privilege policy for the service's resources)."
}

variable "azure_scope" {
  type        = string
  description = "Scope of the Azure deploy role assignment (the service's resource group or subscription)."
}

variable "azure_role" {
  type        = string
  description = "Azure role the deploy identity gets on azure_scope."
  default     = "Contributor"
}
