variable "service_name" {
  type        = string
  description = "The service's name."
  default     = "${{ values.name }}"
}

variable "region" {
  type        = string
  description = "The AWS region."
  default     = "${{ values.awsRegion }}"
}

variable "consistency_mode" {
  type        = string
  description = "active-active or primary-secondary."
  default     = "${{ values.consistency }}"
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic for the alarms; none when null."
  default     = null
}
