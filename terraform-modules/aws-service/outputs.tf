output "api_url" {
  description = "The HTTP API's URL (API Gateway)."
  value       = aws_apigatewayv2_api.http.api_endpoint
}

output "api_hostname" {
  description = "The API's host name, for the global routing's health checks."
  value       = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "")
}

output "table_name" {
  description = "The DynamoDB table."
  value       = aws_dynamodb_table.items.name
}

output "inbound_queue_url" {
  description = "The inbound SQS queue, which Azure's relay sends to."
  value       = aws_sqs_queue.inbound.url
}

output "inbound_dlq_url" {
  description = "The inbound queue's dead-letter queue."
  value       = aws_sqs_queue.inbound_dlq.url
}

output "inbound_queue_arn" {
  description = "The inbound queue's ARN, which Azure's sender role may send to."
  value       = aws_sqs_queue.inbound.arn
}

output "peer_azure_identity_secret_arn" {
  description = "The secret infra/global fills with the tenant and client id of Azure's sender identity."
  value       = aws_secretsmanager_secret.peer_azure_identity.arn
}

output "kms_key_arn" {
  description = "The customer-managed key of the queues, if any, which Azure's sender must be allowed to use."
  value       = var.kms_key_arn
}

output "api_id" {
  description = "The HTTP API's id, which global-routing maps the service's name to."
  value       = aws_apigatewayv2_api.http.id
}
