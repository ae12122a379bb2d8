variable "service_name" {
  type        = string
  description = "The service's name."
  default     = "orders"
}

variable "region" {
  type        = string
  description = "The AWS region."
  default     = "eu-west-1"
}

variable "consistency_mode" {
  type        = string
  description = "active-active or primary-secondary."
  default     = "active-active"
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic for the alarms; none when null."
  default     = null
}
