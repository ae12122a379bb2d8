variable "domain_name" {
  type        = string
  description = "The name the certificate is for."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of domain_name, where the validation records go."
}

variable "tags" {
  type        = map(string)
  description = "Tags of the certificate (none when null)."
  default     = null
}
