output "certificate_arn" {
  description = "ARN of the certificate, once ACM has issued it (use it where the certificate is served)."
  value       = aws_acm_certificate_validation.this.certificate_arn
}
