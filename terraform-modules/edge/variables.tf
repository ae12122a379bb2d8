variable "service_name" {
  type        = string
  description = "The service's name."
}

variable "kind" {
  type        = string
  description = "cloudfront (CloudFront with AWS WAF in front of both origins) or cloudflare (a Cloudflare load balancer with health monitors)."
  default     = "cloudfront"
  validation {
    condition     = contains(["cloudfront", "cloudflare"], var.kind)
    error_message = "kind must be cloudfront or cloudflare."
  }
}

variable "aws_hostname" {
  type        = string
  description = "Host name of the AWS origin."
}

variable "azure_hostname" {
  type        = string
  description = "Host name of the Azure origin."
}

variable "rate_limit_per_5m" {
  type        = number
  description = "Requests per 5 minutes per client IP before the WAF blocks it (cloudfront)."
  default     = 2000
}

variable "cloudflare_account_id" {
  type        = string
  description = "Cloudflare account (cloudflare)."
  default     = null
}

variable "cloudflare_zone_id" {
  type        = string
  description = "Cloudflare zone of the service's name (cloudflare)."
  default     = null
}

variable "domain_name" {
  type        = string
  description = "The service's global name: the Cloudflare load balancer's, or CloudFront's alias with an ACM certificate (CloudFront's own name when null)."
  default     = null
}

variable "hosted_zone_id" {
  type        = string
  description = "Route53 hosted zone of domain_name (cloudfront): the certificate's validation and the alias records."
  default     = null
}

variable "health_path" {
  type        = string
  description = "The path the health monitors probe (cloudflare); both clouds serve it at the root."
  default     = "/health"
}
