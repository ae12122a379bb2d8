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

/**
 * The Function App's Service Bus trigger settings: the template's host.json
 * (`extensions.serviceBus`, "Azure Service Bus bindings for Azure Functions", host.json settings,
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus#hostjson-settings),
 * which `cloudSettings.test.ts` reads back. `apply` takes up to 100 messages an execution (the
 * extension's default is 1,000): the host renews no lock for a batch, so a batch must be applied
 * within the queue's 1-minute lock, and 100 is what the relay's stream mapping takes a batch
 * (`batch_size`, aws-service). `minMessageBatchSize` 1: a
 * batch is whatever is waiting, and no `maxBatchWaitTime` adds to the lag.
 */
export const FUNCTIONS_SERVICE_BUS_TRIGGER = {
  autoCompleteMessages: true,
  maxMessageBatchSize: 100,
  minMessageBatchSize: 1,
} as const;
