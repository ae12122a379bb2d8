variable "service_name" {
  type        = string
  description = "The service's name."
}

variable "location" {
  type        = string
  description = "Azure region."
}

variable "resource_group_name" {
  type        = string
  description = "The service's resource group."
}

variable "address_space" {
  type        = string
  description = "The VNet's address range."
  default     = "10.50.0.0/16"
  validation {
    condition     = can(cidrhost(var.address_space, 0))
    error_message = "address_space must be a CIDR range."
  }
}
