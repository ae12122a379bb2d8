# --- The relay's on-failure destination, and the relay reading it ---------------------------
# Lambda sends here the position of a stream batch it gave up on (shard, first and last sequence
# numbers). The relay function, on this queue too, reads that range again from the stream
# (GetShardIterator AT_SEQUENCE_NUMBER, GetRecords) and sends it to Azure; a range it cannot
# send yet is reported as a batch item failure and comes back after the visibility timeout.
# No redrive policy: a range is tried until it goes through, for as long as the stream keeps
# its records (24 hours); past that the anti-entropy reconciler restores what it held.
resource "aws_sqs_queue" "relay_failures" {
  name = "${local.name}-relay-failures"
  # Not less than the relay's 60 s timeout, which Lambda requires of a queue it polls.
  visibility_timeout_seconds = 60
  message_retention_seconds  = 1209600
  kms_master_key_id          = var.kms_key_arn
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  tags                       = local.tags
}

resource "aws_lambda_event_source_mapping" "relay_failures" {
  event_source_arn        = aws_sqs_queue.relay_failures.arn
  function_name           = aws_lambda_function.function["relay"].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

# The relay's role: send to its on-failure destination (required of the execution role for an
# SQS destination) and consume the queue.
resource "aws_iam_role_policy" "relay_failures" {
  name = "relay-failures"
  role = aws_iam_role.function["relay"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
      ]
      Resource = [aws_sqs_queue.relay_failures.arn]
    }]
  })
}
