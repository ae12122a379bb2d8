output "aws_role_arn" {
  description = "Put in the repository variable AWS_DEPLOY_ROLE_ARN."
  value       = aws_iam_role.deploy.arn
}

output "azure_client_id" {
  description = "Put in the repository variable AZURE_CLIENT_ID."
  value       = azuread_application.deploy.client_id
}

output "aws_plan_role_arn" {
  description = "Put in the repository variable AWS_PLAN_ROLE_ARN (the plan jobs' read-only role)."
  value       = aws_iam_role.plan.arn
}

output "azure_plan_client_id" {
  description = "Put in the repository variable AZURE_PLAN_CLIENT_ID (the plan jobs' read-only identity)."
  value       = azuread_application.plan.client_id
}

output "trusted_subjects" {
  description = "The GitHub token subjects each cloud trusts, by identity."
  value = {
    aws   = [for env in var.aws_environments : local.subject[env]]
    azure = [for env in var.azure_environments : local.subject[env]]
    plan  = local.subject[var.plan_environment]
  }
}
