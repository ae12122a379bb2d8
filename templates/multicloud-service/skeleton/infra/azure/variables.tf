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

variable "peer_sqs_queue_url" {
  type        = string
  description = "AWS's inbound queue (infra/aws output inbound_queue_url)."
}

variable "action_group_id" {
  type        = string
  description = "Action group for the alerts; none when null."
  default     = null
}
