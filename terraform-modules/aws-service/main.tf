locals {
  name       = var.service_name
  table_name = "${var.service_name}-items"
  # One Lambda per export of the service's src/aws.ts; redrive and reconcile run on schedules
  # (schedules.tf).
  functions = toset(["api", "relay", "apply", "redrive", "reconcile"])
  # The relay's and the apply's timeout; the API answers within API Gateway's 30 s anyway.
  worker_timeout_seconds = 60
  # The redriver's run is bounded by its 20 s; a reconcile round scans the whole table (1,000
  # items a page, about 1 MB of items per 100 ms page), up to Lambda's 15-minute maximum.
  function_timeout_seconds = {
    api       = 10
    relay     = local.worker_timeout_seconds
    apply     = local.worker_timeout_seconds
    redrive   = 120
    reconcile = 900
  }
  tags = merge(var.tags, { service = var.service_name, cloud = "aws" })
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

# --- Store: DynamoDB with Streams (the relay's change feed) ---------------------------------
resource "aws_dynamodb_table" "items" {
  name             = local.table_name
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "pk"
    type = "S"
  }
  # No secondary index: the relay reads the table's stream. The version index the sandbox polls
  # (dynalite has no Streams) is emulator-only; here it would double every write's cost.

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
  point_in_time_recovery {
    enabled = true
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }
  tags = local.tags
}

# --- Inbound queue (events from Azure) with its dead-letter queue ---------------------------
resource "aws_sqs_queue" "inbound_dlq" {
  name                      = "${local.name}-inbound-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_key_arn
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  tags                      = local.tags
}

resource "aws_sqs_queue" "inbound" {
  name = "${local.name}-inbound"
  # "set the source queue's visibility timeout to at least six times the timeout that you
  # configure on your function" (Lambda Developer Guide, "Using Lambda with Amazon SQS",
  # https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
  visibility_timeout_seconds = 6 * local.worker_timeout_seconds
  message_retention_seconds  = 345600
  kms_master_key_id          = var.kms_key_arn
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.inbound_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = local.tags
}

# --- The peer's identity: which Entra identity the relay sends to Service Bus as --------------
# No key in it: the tenant and client id of a federated identity (see relay's GetWebIdentityToken
# below). Terraform creates the secret; infra/global writes its value from the Azure side's output.
resource "aws_secretsmanager_secret" "peer_azure_identity" {
  name        = "${local.name}/peer-azure-identity"
  description = "Tenant and client id of the Entra identity AWS's relay sends to Service Bus as"
  kms_key_id  = var.kms_key_arn
  tags        = local.tags
}

# --- Lambda functions -----------------------------------------------------------------------
# One package per function: `npm run build` bundles each function alone into
# <lambda_package_dir>/<function>/index.js, so each ships only what it imports. The zips are
# written next to the folders, so a saved plan's apply in another CI job finds them.
data "archive_file" "bundle" {
  for_each    = local.functions
  type        = "zip"
  source_dir  = "${var.lambda_package_dir}/${each.key}"
  output_path = "${var.lambda_package_dir}/${each.key}.zip"
}

resource "aws_iam_role" "function" {
  for_each = local.functions
  name     = "${local.name}-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  tags = local.tags
}

locals {
  log_group_arns = { for f in local.functions : f => "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.name}-${f}:*" }
  # What every function that sends to Azure needs (relay, apply, reconcile): the secret naming the
  # Entra tenant and client id, and a JSON Web Token for Entra ID (outbound identity federation;
  # the action takes no resource: "Getting started with outbound identity federation",
  # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_getting_started.html).
  peer_azure_statements = [
    {
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = [aws_secretsmanager_secret.peer_azure_identity.arn]
    },
    {
      Effect   = "Allow"
      Action   = ["sts:GetWebIdentityToken"]
      Resource = ["*"]
    },
  ]
  # Least privilege: each function gets the actions it calls, on its resources, nothing else.
  function_statements = {
    api = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable"]
        Resource = [aws_dynamodb_table.items.arn, "${aws_dynamodb_table.items.arn}/index/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:GetQueueAttributes"]
        Resource = [aws_sqs_queue.inbound.arn]
      },
    ]
    relay = concat([
      {
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
        Resource = [aws_dynamodb_table.items.stream_arn]
      },
    ], local.peer_azure_statements)
    apply = concat([
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
        Resource = [aws_dynamodb_table.items.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        Resource = [aws_sqs_queue.inbound.arn]
      },
      {
        # A poison event goes to the dead-letter queue at once (INBOUND_DLQ_URL).
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:GetQueueAttributes"]
        Resource = [aws_sqs_queue.inbound_dlq.arn]
      },
      {
        # Azure's anti-entropy messages arrive on the inbound queue: the apply answers them,
        # scanning keys and versions and sending to Azure's inbound queue as the relay does.
        Effect   = "Allow"
        Action   = ["dynamodb:Scan"]
        Resource = [aws_dynamodb_table.items.arn]
      },
    ], local.peer_azure_statements)
    # Receives dead letters and sends transient ones back to the inbound queue with a timer, once
    # the table answers again (DescribeTable: the store's ping).
    redrive = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeTable"]
        Resource = [aws_dynamodb_table.items.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
        Resource = [aws_sqs_queue.inbound_dlq.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [aws_sqs_queue.inbound.arn]
      },
    ]
    # Scans keys and versions, reads the items it re-emits, sends to Azure's inbound queue.
    reconcile = concat([
      {
        Effect   = "Allow"
        Action   = ["dynamodb:Scan", "dynamodb:GetItem"]
        Resource = [aws_dynamodb_table.items.arn]
      },
    ], local.peer_azure_statements)
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions
  name     = "least-privilege"
  role     = aws_iam_role.function[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.function_statements[each.key], [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [local.log_group_arns[each.key]]
      },
      ], var.kms_key_arn == null ? [] : [{
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
    }])
  })
}

resource "aws_cloudwatch_log_group" "function" {
  for_each          = local.functions
  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = 30
  kms_key_id        = var.kms_key_arn
  tags              = local.tags
}

resource "aws_cloudwatch_log_subscription_filter" "central" {
  for_each        = var.log_destination_arn == null ? toset([]) : local.functions
  name            = "${local.name}-${each.key}-to-central"
  log_group_name  = aws_cloudwatch_log_group.function[each.key].name
  filter_pattern  = ""
  destination_arn = var.log_destination_arn
  role_arn        = var.log_destination_role_arn
}

resource "aws_lambda_function" "function" {
  for_each         = local.functions
  function_name    = "${local.name}-${each.key}"
  role             = aws_iam_role.function[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  handler          = "index.${each.key}"
  filename         = data.archive_file.bundle[each.key].output_path
  source_code_hash = data.archive_file.bundle[each.key].output_base64sha256
  memory_size      = 512
  timeout          = local.function_timeout_seconds[each.key]
  kms_key_arn      = var.kms_key_arn
  environment {
    variables = merge({
      SERVICE_NAME                   = local.name
      REGION_ID                      = var.region_id
      CONSISTENCY_MODE               = var.consistency_mode
      TABLE_NAME                     = aws_dynamodb_table.items.name
      INBOUND_QUEUE_URL              = aws_sqs_queue.inbound.url
      INBOUND_DLQ_URL                = aws_sqs_queue.inbound_dlq.url
      PEER_AZURE_IDENTITY_SECRET_ARN = aws_secretsmanager_secret.peer_azure_identity.arn
      PEER_QUEUE_NAME                = var.peer_queue_name
      PEER_SERVICEBUS_NAMESPACE      = var.peer_servicebus_namespace
      POWERTOOLS_SERVICE_NAME        = local.name
      }, var.consistency_mode == "primary-secondary" ? {
      PRIMARY_REGION = var.primary_region_id
      PRIMARY_URL    = var.primary_url
    } : {})
  }
  depends_on = [aws_cloudwatch_log_group.function]
  tags       = local.tags
}

# The relay on the table's stream. A failed batch is retried twice, then its position in the
# stream (DDBStreamBatchInfo, not the records) goes to the on-failure queue, which the relay reads
# again (relay_failures.tf), and the shard moves on: no batch is discarded ("Retain discarded
# records for a DynamoDB event source in Lambda",
# https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html). Few retries and no
# bisecting, as the relay fails when Azure's queue is out of reach, for every record alike:
# bisecting 100 records would take about 200 failing invocations (up to the 60 s timeout each)
# per batch and hold the shard for hours; an event no message can carry does not fail the others
# (ServiceBusSender sends them first). The sandbox's harness runs the same (RELAY_STREAM_MAPPING).
resource "aws_lambda_event_source_mapping" "relay" {
  event_source_arn               = aws_dynamodb_table.items.stream_arn
  function_name                  = aws_lambda_function.function["relay"].arn
  starting_position              = "TRIM_HORIZON"
  batch_size                     = 100
  maximum_retry_attempts         = 2
  maximum_record_age_in_seconds  = 3600
  bisect_batch_on_function_error = false
  function_response_types        = ["ReportBatchItemFailures"]
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.relay_failures.arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "apply" {
  event_source_arn        = aws_sqs_queue.inbound.arn
  function_name           = aws_lambda_function.function["apply"].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

# --- HTTP API -------------------------------------------------------------------------------
resource "aws_apigatewayv2_api" "http" {
  name          = local.name
  protocol_type = "HTTP"
  tags          = local.tags
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.function["api"].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  tags        = local.tags
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function["api"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

# --- Alarms ---------------------------------------------------------------------------------
locals {
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name}-api-5xx"
  alarm_description   = "More than 1% of API requests fail"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.http.id }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 0.01
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name          = "${local.name}-api-latency"
  alarm_description   = "API p99 latency above ${var.latency_alarm_ms} ms"
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = { ApiId = aws_apigatewayv2_api.http.id }
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.latency_alarm_ms
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "replication_lag" {
  alarm_name        = "${local.name}-replication-lag"
  alarm_description = "Replication lag into AWS above ${var.replication_lag_alarm_ms} ms (p99)"
  namespace         = "MulticloudService"
  metric_name       = "ReplicationLagMs"
  # Powertools Metrics adds the service dimension; the runtime adds the events' source region.
  dimensions          = { service = local.name, SourceRegion = var.peer_region_id }
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.replication_lag_alarm_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name          = "${local.name}-dead-letters"
  alarm_description   = "Replication events are waiting in the dead-letter queue"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.inbound_dlq.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  tags                = local.tags
}
