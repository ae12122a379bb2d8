import type { InvocationContext } from '@azure/functions';
import { InboundApplier } from '../../bridge/InboundApplier';
import type { Reconciler } from '../../bridge/Reconciler';
import type { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { Store } from '../../ports/Store';

const LONGEST_WAIT_MS = 30_000;

/**
 * How long the Service Bus apply waits before failing a delivery the store could not take. The
 * trigger abandons a message whose execution threw, and Service Bus makes an abandoned message
 * available again at once, so without a wait the queue's deliveries (max_delivery_count 10 in
 * the Terraform module) burn in seconds. Doubling from 1 s to 30 s spreads 10 deliveries over
 * 1+2+4+8+16+30×4 = 151 s, so a 60 s store outage is over before the 7th (after 61 s). Each wait
 * stays well under the queue's 1-minute lock, which the host does not renew for a batch (below).
 */
export function applyRetryDelayMs(deliveryCount: number): number {
  return Math.min(LONGEST_WAIT_MS, 1000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * How long after Service Bus took an event its last delivery can come when every delivery fails:
 * a wait before failing each delivery but the last (the next delivery follows at once). A batch
 * waits for its most-delivered failing message (below), so an event's own count does not set its
 * wait: each can be the longest, 30 s, and 10 deliveries span up to 270 s.
 */
export function applyDeliverySpanMs(maxDeliveries: number): number {
  return Math.max(0, maxDeliveries - 1) * LONGEST_WAIT_MS;
}

/** A trigger metadata array (one entry per message of the batch), or none. */
const arrayOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : [];

export interface AzureApplyDependencies {
  store: Store;
  clock: HybridLogicalClock;
  /** Answers the anti-entropy messages AWS's reconciler sends over the same queue. */
  reconciler: Pick<Reconciler, 'receive'>;
  metrics: MetricsSink;
  now?: () => number;
  /** How the apply waits before failing a delivery (compressed by the trigger harness). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `apply`: the Service Bus inbound queue → Cosmos DB, and the AWS reconciler's messages, a batch
 * of messages per execution (the trigger's `cardinality: 'many'`, registered in app.ts; the batch
 * size is host.json's `extensions.serviceBus.maxMessageBatchSize`).
 *
 * How the host settles a batch decides what this function does with a bad event in it. With
 * `autoCompleteMessages` (the default), the Service Bus extension completes every message of the
 * batch when the execution succeeds and abandons every one when it throws, whatever the function
 * did with each (`TriggerAndCompleteMessagesInternal` in
 * Azure/azure-sdk-for-net sdk/servicebus/Microsoft.Azure.WebJobs.Extensions.ServiceBus/src/Listeners/ServiceBusListener.cs;
 * "Azure Service Bus trigger for Azure Functions", PeekLock behavior: Complete if the function
 * finishes successfully, Abandon if it fails,
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger).
 * The Node.js model cannot settle one message on its own without the preview SDK-type binding. So:
 *
 * - every event of the batch is applied first, side by side, and an applied event is safe to
 *   apply again (the write is conditional on its version, `domain/merge.ts`): a redelivered batch
 *   costs a read per event already applied, nothing else;
 * - a store failure (`retry`) fails the whole batch, after the wait of `applyRetryDelayMs` for
 *   the most-delivered failing message, so the queue's 10 deliveries outlast a 1-minute outage;
 *   the events that did apply are already in the store and wait for nothing;
 * - a poison event (`rejected`: invalid, or its clock too far ahead) fails the batch too, with
 *   no wait, so its deliveries are counted and Service Bus dead-letters it after the queue's
 *   max delivery count; the redriver finds the same reason again (`inboundLetterProblem`), leaves
 *   it for a person and records the reason on it. Its valid neighbours were applied on the first
 *   delivery; one redelivered with it every time is dead-lettered beside it
 *   (MaxDeliveryCountExceeded), which the redriver sends back as transient, and it applies as a
 *   duplicate. Each reason is logged on every delivery.
 *
 * The host renews no message lock for a batch function (host.json `maxAutoLockRenewalDuration`
 * "doesn't apply to functions receiving a batch of messages", Service Bus bindings, host.json
 * settings, https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus#hostjson-settings),
 * so an execution must settle within the queue's 1-minute lock: the longest wait is 30 s. A lock
 * that runs out all the same only brings the batch back with its delivery count one higher.
 */
export function createAzureApplyFunction(deps: AzureApplyDependencies) {
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise(r => setTimeout(r, ms)));
  const applier = new InboundApplier({
    store: deps.store,
    clock: deps.clock,
    metrics: deps.metrics,
    now: deps.now,
    reconciler: deps.reconciler,
  });
  return async (messages: unknown[], context: InvocationContext) => {
    // The batch's binding data is one array per property, in message order
    // (`DeliveryCountArray`, `MessageIdArray`: ServiceBusTriggerBindingStrategy.AddBindingData in
    // the same extension), which the Node.js worker hands over camel-cased.
    const metadata = context.triggerMetadata ?? {};
    const deliveryCounts = arrayOf(metadata.deliveryCountArray);
    const messageIds = arrayOf(metadata.messageIdArray);
    const results = await Promise.all(
      messages.map(message =>
        applier.handle(
          typeof message === 'string' ? message : JSON.stringify(message),
        ),
      ),
    );
    const retries: { deliveries: number; error: Error }[] = [];
    const refusals: string[] = [];
    results.forEach((result, i) => {
      if (result.outcome === 'retry')
        retries.push({
          deliveries: Number(deliveryCounts[i] ?? 1),
          error: result.error,
        });
      if (result.outcome === 'rejected') {
        const refusal = `replication event refused (message ${String(
          messageIds[i] ?? i,
        )}): ${result.reason}`;
        context.error(refusal);
        refusals.push(refusal);
      }
    });
    if (retries.length) {
      await sleep(
        applyRetryDelayMs(Math.max(...retries.map(r => r.deliveries))),
      );
      throw retries[0].error;
    }
    if (refusals.length) throw new Error(refusals.join('; '));
  };
}
