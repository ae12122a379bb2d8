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
