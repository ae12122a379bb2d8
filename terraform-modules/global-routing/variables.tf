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

variable "aws_api_id" {
  type        = string
  description = "The AWS side's API Gateway HTTP API, which the custom domain maps to."
}

variable "azure_function_app_name" {
  type        = string
  description = "The Azure side's Function App, which gets a host name binding for the service's name."
}

variable "azure_custom_domain_verification_id" {
  type        = string
  description = "The Function App's custom domain verification id (TXT asuid.<name>)."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of the service's name: its DNS records and certificate validations live there, whatever the routing."
}

variable "domain_name" {
  type        = string
  description = "The service's global name, e.g. orders.example.com, served over HTTPS on every routing choice."
  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as orders.example.com."
  }
}

variable "resource_group_name" {
  type        = string
  description = "The Azure side's resource group: the Function App's, and where Traffic Manager or Front Door go."
}

variable "health_path" {
  type        = string
  description = "The path the health checks probe."
  default     = "/health"
}

variable "drain" {
  type        = string
  description = "A cloud to take out of the routing for a DR drill (aws or azure); empty for none. Route53: inverts its health check; Traffic Manager and Front Door: disables its endpoint or origin. Weights are left alone."
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
