variable "service_name" {
  type        = string
  description = "The service's name."
  default     = "orders"
}

variable "aws_region" {
  type        = string
  description = "The AWS region (and of the state bucket)."
  default     = "eu-west-1"
}

variable "routing" {
  type        = string
  description = "route53, traffic-manager or front-door."
  default     = "route53"
}

variable "weights" {
  type = object({
    aws   = number
    azure = number
  })
  description = "Traffic weights, from weights.auto.tfvars.json, which a failover in the portal commits (or proposes in a pull request)."
}

variable "state_bucket" {
  type        = string
  description = "The S3 bucket of the Terraform state (TF_VAR_state_bucket in the workflow)."
}

variable "state_storage_account" {
  type        = string
  description = "The storage account of the Azure side's state."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of the service's name, for every routing choice (TF_VAR_hosted_zone_id)."
}

variable "domain_name" {
  type        = string
  description = "The service's global name, e.g. orders.example.com, served over HTTPS (TF_VAR_domain_name)."
}

variable "create_entra_oidc_provider" {
  type        = bool
  description = "Create the AWS account's IAM identity provider for the Entra tenant (once per account and tenant; later services find it)."
  default     = true
}

variable "drain" {
  type        = string
  description = "A cloud to take out for a DR drill (aws or azure); empty for none."
  default     = ""
}
