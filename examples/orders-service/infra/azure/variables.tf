variable "service_name" {
  type        = string
  description = "The service's name."
  default     = "orders"
}

variable "location" {
  type        = string
  description = "The Azure region."
  default     = "westeurope"
}

variable "consistency_mode" {
  type        = string
  description = "active-active or primary-secondary."
  default     = "active-active"
}

variable "peer_sqs_region" {
  type        = string
  description = "The AWS region of AWS's inbound queue."
  default     = "eu-west-1"
}

variable "peer_sqs_queue_url" {
  type        = string
  description = "AWS's inbound queue (infra/aws output inbound_queue_url)."
}

variable "action_group_id" {
  type        = string
  description = "Action group for the alerts; none when null."
  default     = null
}
