/**
 * The queue settings the Terraform modules give each cloud, which the trigger harness's worlds
 * and the sandbox's fakes use so they behave as deployed (`cloudSettings.test.ts` reads them
 * back from the modules).
 */
export const CLOUD_QUEUE_SETTINGS = {
  /**
   * aws-service `aws_sqs_queue.inbound`: visibility_timeout_seconds (six times the 60 s function
   * timeout, as AWS asks for a Lambda's source queue), var.max_receive_count.
   */
  sqsInbound: { visibilityTimeoutMs: 360_000, maxReceiveCount: 5 },
  /** aws-service `aws_sqs_queue.relay_failures`: visibility, no redrive policy. */
  relayFailures: { visibilityTimeoutMs: 60_000 },
  /** azure-service `azurerm_servicebus_queue.inbound`: lock_duration, var.max_delivery_count. */
  serviceBusInbound: { lockDurationMs: 60_000, maxDeliveryCount: 10 },
} as const;
