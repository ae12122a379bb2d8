variable "service_name" {
  type        = string
  description = "The service's name: a DNS label, used in every resource name."
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.service_name))
    error_message = "service_name must be lower case, start with a letter, and be at most 32 characters."
  }
}

variable "region_id" {
  type        = string
  description = "The region id written into versions and events (the other cloud uses another)."
  default     = "aws"
}

variable "peer_region_id" {
  type        = string
  description = "The region id of the other cloud: the source region of the events replicated into AWS."
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

variable "lambda_package_dir" {
  type        = string
  description = "Folder with one built Lambda package per function (<function>/index.js), from `npm run build` (dist/aws)."
}

variable "peer_servicebus_namespace" {
  type        = string
  description = "Fully qualified namespace of Azure's Service Bus, e.g. sbns-orders-bus.servicebus.windows.net."
}

variable "peer_queue_name" {
  type        = string
  description = "Azure's inbound queue, which the relay sends to."
}

variable "max_receive_count" {
  type        = number
  description = "Deliveries of an inbound event before it moves to the dead-letter queue."
  default     = 5
  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 20
    error_message = "max_receive_count must be from 1 to 20."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key for DynamoDB, SQS, Secrets Manager and logs; AWS-owned keys when null."
  default     = null
}

variable "log_destination_arn" {
  type        = string
  description = "Central log destination (e.g. a Kinesis stream or Firehose) for a CloudWatch subscription filter; none when null."
  default     = null
}

variable "log_destination_role_arn" {
  type        = string
  description = "Role CloudWatch Logs assumes to write to log_destination_arn."
  default     = null
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic the alarms notify; alarms have no action when null."
  default     = null
}

variable "replication_lag_alarm_ms" {
  type        = number
  description = "Replication lag into AWS (p99 over 5 minutes) that raises the alarm."
  default     = 5000
}

variable "latency_alarm_ms" {
  type        = number
  description = "API p99 latency that raises the alarm."
  default     = 1000
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource."
  default     = {}
}

variable "redrive_schedule" {
  type        = string
  description = "How often transient dead letters of the inbound queue are sent back to it (EventBridge Scheduler expression)."
  default     = "rate(1 minute)"
  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.redrive_schedule))
    error_message = "redrive_schedule must be a rate(...) or cron(...) expression."
  }
}

variable "reconcile_schedule" {
  type        = string
  description = "When an anti-entropy round with Azure starts (EventBridge Scheduler expression); each round scans the table. The default, on the quarter hours, falls between Azure's rounds (7, 22, 37 and 52 past)."
  default     = "cron(0/15 * * * ? *)"
  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.reconcile_schedule))
    error_message = "reconcile_schedule must be a rate(...) or cron(...) expression."
  }
}
