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

output "peer_servicebus_secret_arn" {
  description = "The secret infra/global fills with Azure's send-only connection string."
  value       = aws_secretsmanager_secret.peer_servicebus.arn
}

output "azure_sender_access_key_id" {
  description = "Access key id of the send-only identity Azure's relay uses."
  value       = aws_iam_access_key.azure_sender.id
  sensitive   = true
}

output "azure_sender_secret_access_key" {
  description = "Its secret, which infra/global writes to Azure's Key Vault."
  value       = aws_iam_access_key.azure_sender.secret
  sensitive   = true
}
