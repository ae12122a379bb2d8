output "edge_hostname" {
  description = "Host name of the edge in front of both clouds."
  value       = var.kind == "cloudfront" && var.domain_name == null ? aws_cloudfront_distribution.edge[0].domain_name : var.domain_name
}
