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
  description = "The service's name: the deploy identities may touch only resources named after it."
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.service_name))
    error_message = "service_name must be lower case, start with a letter, and be at most 32 characters."
  }
}

variable "plan_environment" {
  type        = string
  description = "GitHub environment of deploy.yml's plan jobs, which run on every push with no review: it gets the read-only plan identity on both clouds, never the deploy one."
  default     = "plan"
  validation {
    condition     = length(var.plan_environment) > 0
    error_message = "Name the plan jobs' environment."
  }
}

variable "aws_environments" {
  type        = list(string)
  description = "GitHub environments whose jobs change AWS with the deploy role: deploy.yml's reviewed apply jobs and dr-drill.yml (production). Not the plan environment, which gets the read-only plan role."
  default     = ["production"]
  validation {
    condition     = length(var.aws_environments) > 0
    error_message = "Name at least one environment."
  }
}

variable "azure_environments" {
  type        = list(string)
  description = "GitHub environments whose jobs change Azure with the deploy identity (production, as for AWS; not the plan environment): one federated credential each (an application holds at most 20)."
  default     = ["production"]
  validation {
    condition     = length(var.azure_environments) > 0 && length(var.azure_environments) <= 20
    error_message = "Name from 1 to 20 environments."
  }
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC provider (once per AWS account)."
  default     = false
}

variable "state_bucket" {
  type        = string
  description = "The S3 bucket of the Terraform state; the deploy role reads and writes only the service's keys in it, the plan role reads them and writes only their lock files."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of the service's name, the only zone the role may change."
}

variable "azure_scope" {
  type        = string
  description = "The subscription the service deploys into (/subscriptions/<id>): where the custom deploy role is defined and assigned."
  validation {
    condition     = can(regex("^/subscriptions/[0-9a-f-]{36}$", var.azure_scope))
    error_message = "azure_scope must be /subscriptions/<subscription id>."
  }
}

variable "azure_state_container_id" {
  type        = string
  description = "Resource id of the blob container holding the Azure side's Terraform state."
}
