# --- Scheduled jobs: dead-letter redrive and anti-entropy --------------------------------------
# Two more functions from the same bundle (index.redrive, index.reconcile), each invoked by an
# EventBridge Scheduler schedule. Scheduler invokes a Lambda asynchronously with the role below
# ("Using universal targets / templated targets", EventBridge Scheduler User Guide,
# https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html).

locals {
  scheduled_jobs = {
    redrive   = var.redrive_schedule
    reconcile = var.reconcile_schedule
  }
}

resource "aws_iam_role" "scheduled" {
  for_each = local.scheduled_jobs
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
  scheduled_statements = {
    # Receives dead letters, sends transient ones back to the inbound queue with a timer, once the
    # table answers again (DescribeTable: the store's ping).
    redrive = [{
      Effect   = "Allow"
      Action   = ["dynamodb:DescribeTable"]
      Resource = [aws_dynamodb_table.items.arn]
      }, {
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
      Resource = [aws_sqs_queue.inbound_dlq.arn]
      }, {
      Effect   = "Allow"
      Action   = ["sqs:SendMessage"]
      Resource = [aws_sqs_queue.inbound.arn]
    }]
    # Scans keys and versions, reads items to re-emit, sends to Azure's inbound queue.
    reconcile = [{
      Effect   = "Allow"
      Action   = ["dynamodb:Scan", "dynamodb:GetItem"]
      Resource = [aws_dynamodb_table.items.arn]
      }, {
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = [aws_secretsmanager_secret.peer_servicebus.arn]
    }]
  }
}

resource "aws_iam_role_policy" "scheduled" {
  for_each = local.scheduled_jobs
  name     = "least-privilege"
  role     = aws_iam_role.scheduled[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.scheduled_statements[each.key], [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.name}-${each.key}:*"]
      },
      ], var.kms_key_arn == null ? [] : [{
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
    }])
  })
}

# The apply function receives Azure's anti-entropy messages on the inbound queue and answers them:
# it scans keys and versions and sends to Azure's inbound queue, as the reconcile function does.
resource "aws_iam_role_policy" "apply_reconcile" {
  name = "anti-entropy"
  role = aws_iam_role.function["apply"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:Scan"]
      Resource = [aws_dynamodb_table.items.arn]
      }, {
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = [aws_secretsmanager_secret.peer_servicebus.arn]
    }]
  })
}

resource "aws_cloudwatch_log_group" "scheduled" {
  for_each          = local.scheduled_jobs
  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = 30
  kms_key_id        = var.kms_key_arn
  tags              = local.tags
}

resource "aws_lambda_function" "scheduled" {
  for_each         = local.scheduled_jobs
  function_name    = "${local.name}-${each.key}"
  role             = aws_iam_role.scheduled[each.key].arn
  runtime          = "nodejs22.x"
  architectures    = ["arm64"]
  handler          = "index.${each.key}"
  filename         = data.archive_file.bundle.output_path
  source_code_hash = data.archive_file.bundle.output_base64sha256
  memory_size      = 512
  # A round scans the whole table: 1,000 items a page, about 1 MB of items per 100 ms page.
  timeout     = each.key == "reconcile" ? 900 : 120
  kms_key_arn = var.kms_key_arn
  environment {
    variables = {
      SERVICE_NAME               = local.name
      REGION_ID                  = var.region_id
      CONSISTENCY_MODE           = var.consistency_mode
      TABLE_NAME                 = aws_dynamodb_table.items.name
      INBOUND_QUEUE_URL          = aws_sqs_queue.inbound.url
      INBOUND_DLQ_URL            = aws_sqs_queue.inbound_dlq.url
      PEER_SERVICEBUS_SECRET_ARN = aws_secretsmanager_secret.peer_servicebus.arn
      PEER_QUEUE_NAME            = var.peer_queue_name
      POWERTOOLS_SERVICE_NAME    = local.name
    }
  }
  depends_on = [aws_cloudwatch_log_group.scheduled]
  tags       = local.tags
}

resource "aws_iam_role" "scheduler" {
  name = "${local.name}-scheduler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "scheduler.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name = "invoke-scheduled-jobs"
  role = aws_iam_role.scheduler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = [for f in aws_lambda_function.scheduled : f.arn]
    }]
  })
}

resource "aws_scheduler_schedule" "job" {
  for_each            = local.scheduled_jobs
  name                = "${local.name}-${each.key}"
  schedule_expression = each.value
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.scheduled[each.key].arn
    role_arn = aws_iam_role.scheduler.arn
    # A missed run is not worth catching up: the next one does the same work.
    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 60
    }
  }
}
