# --- Scheduled functions: dead-letter redrive and anti-entropy ---------------------------------
# `redrive` and `reconcile` are Lambda functions of main.tf (local.functions: each its own bundle,
# `<lambda_package_dir>/<fn>`), each invoked by an EventBridge Scheduler schedule. Scheduler
# invokes a Lambda asynchronously with the role below ("Using universal targets / templated
# targets", EventBridge Scheduler User Guide,
# https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html).

locals {
  scheduled_jobs = {
    redrive   = var.redrive_schedule
    reconcile = var.reconcile_schedule
  }
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
      Resource = [for job, _ in local.scheduled_jobs : aws_lambda_function.function[job].arn]
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
    arn      = aws_lambda_function.function[each.key].arn
    role_arn = aws_iam_role.scheduler.arn
    # A missed run is not worth catching up: the next one does the same work.
    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 60
    }
  }
}
