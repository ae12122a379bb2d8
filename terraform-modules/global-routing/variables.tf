variable "service_name" {
  type        = string
  description = "The service's name."
}

variable "routing" {
  type        = string
  description = "Which global routing holds the weights: route53, traffic-manager or front-door."
  default     = "route53"
  validation {
    condition     = contains(["route53", "traffic-manager", "front-door"], var.routing)
    error_message = "routing must be route53, traffic-manager or front-door."
  }
}

variable "weights" {
  type = object({
    aws   = number
    azure = number
  })
  description = "Initial traffic weights in percent. The portal changes them at run time; Terraform ignores that drift."
  default     = { aws = 50, azure = 50 }
  validation {
    condition     = var.weights.aws >= 0 && var.weights.azure >= 0 && var.weights.aws + var.weights.azure == 100
    error_message = "weights must be non-negative and add up to 100."
  }
}

variable "aws_hostname" {
  type        = string
  description = "Host name of the AWS endpoint (API Gateway)."
}

variable "azure_hostname" {
  type        = string
  description = "Host name of the Azure endpoint (Function App)."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of the service's domain (route53 routing)."
  default     = null
}

variable "domain_name" {
  type        = string
  description = "The service's global name, e.g. orders.example.com (route53 routing)."
  default     = null
}

variable "resource_group_name" {
  type        = string
  description = "Resource group for Traffic Manager or Front Door."
  default     = null
}

variable "health_path" {
  type        = string
  description = "The path the health checks probe."
  default     = "/health"
}

variable "drain" {
  type        = string
  description = "A cloud to take out of the routing for a DR drill (aws or azure); empty for none. Inverts its health check instead of touching the weights."
  default     = ""
  validation {
    condition     = contains(["", "aws", "azure"], var.drain)
    error_message = "drain must be empty, aws or azure."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource."
  default     = {}
}
