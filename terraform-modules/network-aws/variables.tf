variable "service_name" {
  type        = string
  description = "The service's name."
}

variable "cidr_block" {
  type        = string
  description = "The VPC's address range."
  default     = "10.40.0.0/16"
  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a CIDR range."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones of the private subnets (at least two)."
  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "Give at least two availability zones."
  }
}
