variable "service_name" {
  type        = string
  description = "The service's name."
  default     = "${{ values.name }}"
}

variable "location" {
  type        = string
  description = "The Azure region."
  default     = "${{ values.azureRegion }}"
}

variable "consistency_mode" {
  type        = string
  description = "active-active or primary-secondary."
  default     = "${{ values.consistency }}"
}

variable "peer_sqs_region" {
  type        = string
  description = "The AWS region of AWS's inbound queue."
  default     = "${{ values.awsRegion }}"
}

variable "aws_account_id" {
  type        = string
  description = "The AWS account of the AWS side (TF_VAR_aws_account_id in the workflow)."
  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "peer_aws_oidc_issuer" {
  type        = string
  description = "The AWS account's outbound identity federation issuer (`aws iam get-outbound-web-identity-federation-info`), whose tokens AWS's relay sends with (TF_VAR_peer_aws_oidc_issuer)."
}

variable "action_group_id" {
  type        = string
  description = "Action group for the alerts; none when null."
  default     = null
}

variable "primary_region_id" {
  type        = string
  description = "primary-secondary mode: the region id that takes writes (aws or azure)."
  default     = "aws"
}

variable "primary_url" {
  type        = string
  description = "primary-secondary mode: the primary's API URL (infra/aws output api_url, or infra/azure function_url), where the secondary forwards writes; null keeps the secondary read-only."
  default     = null
}
