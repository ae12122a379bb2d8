variable "service_name" {
  type        = string
  description = "The service's name: a DNS label, used in every resource name."
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.service_name))
    error_message = "service_name must be lower case, start with a letter, and be at most 32 characters."
  }
}

variable "location" {
  type        = string
  description = "Azure region, e.g. westeurope."
}

variable "region_id" {
  type        = string
  description = "The region id written into versions and events."
  default     = "azure"
}

variable "consistency_mode" {
  type        = string
  description = "active-active (both clouds take writes) or primary-secondary."
  default     = "active-active"
  validation {
    condition     = contains(["active-active", "primary-secondary"], var.consistency_mode)
    error_message = "consistency_mode must be active-active or primary-secondary."
  }
}

variable "peer_sqs_queue_url" {
  type        = string
  description = "AWS's inbound SQS queue, which the relay sends to: https://sqs.<region>.amazonaws.com/<account>/<queue>."
  validation {
    condition     = can(regex("^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/[0-9]{12}/[A-Za-z0-9_-]{1,80}$", var.peer_sqs_queue_url))
    error_message = "peer_sqs_queue_url must be https://sqs.<region>.amazonaws.com/<account>/<queue>."
  }
}

variable "peer_sqs_region" {
  type        = string
  description = "The AWS region of that queue."
}

variable "peer_aws_oidc_issuer" {
  type        = string
  description = "Issuer URL of the AWS account's outbound identity federation (`aws iam get-outbound-web-identity-federation-info`), whose tokens AWS's relay sends with."
  validation {
    condition     = can(regex("^https://", var.peer_aws_oidc_issuer))
    error_message = "peer_aws_oidc_issuer must be an https URL."
  }
}

variable "primary_region_id" {
  type        = string
  description = "primary-secondary mode: the region id that takes writes (aws or azure)."
  default     = "aws"
}

variable "primary_url" {
  type        = string
  description = "primary-secondary mode: the primary's URL, where the secondary forwards writes."
  default     = null
  validation {
    condition     = var.primary_url == null || can(regex("^https://", var.primary_url))
    error_message = "primary_url must be an https URL."
  }
}

variable "max_delivery_count" {
  type = number
  # The Service Bus trigger abandons a failed message, which is delivered again at once; the
  # apply function waits 1, 2, 4, 8, 16 then 30 s before failing a delivery, so 10 deliveries
  # span about 2.5 minutes and a 1-minute store outage ends before the 7th (applyRetryDelayMs).
  description = "Deliveries of an inbound event before Service Bus dead-letters it (10 outlast a 1-minute store outage)."
  default     = 10
  validation {
    condition     = var.max_delivery_count >= 1 && var.max_delivery_count <= 20
    error_message = "max_delivery_count must be from 1 to 20."
  }
}

variable "customer_managed_key_id" {
  type        = string
  description = "Key Vault key id (versionless) for Cosmos DB and Service Bus encryption; Microsoft-managed keys when null."
  default     = null
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Central Log Analytics workspace for diagnostic settings; none when null."
  default     = null
}

variable "action_group_id" {
  type        = string
  description = "Action group the alerts notify; alerts have no action when null."
  default     = null
}

variable "replication_lag_alert_ms" {
  type        = number
  description = "Replication lag into Azure that raises the alert."
  default     = 5000
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource."
  default     = {}
}
