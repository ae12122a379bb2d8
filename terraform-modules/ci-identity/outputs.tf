output "aws_role_arn" {
  description = "Put in the repository variable AWS_DEPLOY_ROLE_ARN."
  value       = aws_iam_role.deploy.arn
}

output "azure_client_id" {
  description = "Put in the repository variable AZURE_CLIENT_ID."
  value       = azuread_application.deploy.client_id
}

output "trusted_subjects" {
  description = "The GitHub token subjects each cloud trusts."
  value = {
    aws   = [for env in var.aws_environments : local.subject[env]]
    azure = [for env in var.azure_environments : local.subject[env]]
  }
}
