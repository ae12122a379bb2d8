output "global_url" {
  description = "The service's global URL."
  value       = module.routing.global_url
}

output "aws_url" {
  description = "The AWS endpoint (infra/aws's api_url), for the DR drill's smoke test."
  value       = local.aws.api_url
}

output "azure_url" {
  description = "The Azure endpoint (infra/azure's function_url), for the DR drill's smoke test."
  value       = local.azure.function_url
}
