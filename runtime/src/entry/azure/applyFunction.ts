import type { InvocationContext } from '@azure/functions';
import { InboundApplier } from '../../bridge/InboundApplier';
import type { Reconciler } from '../../bridge/Reconciler';
import type { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { Store } from '../../ports/Store';

/**
 * How long the Service Bus apply waits before failing a delivery the store could not take. The
 * trigger abandons a message whose execution threw, and Service Bus makes an abandoned message
 * available again at once, so without a wait the queue's deliveries (max_delivery_count 10 in
 * the Terraform module) burn in seconds. Doubling from 1 s to 30 s spreads 10 deliveries over
 * 1+2+4+8+16+30×4 = 151 s, so a 60 s store outage is over before the 7th (after 61 s). Each wait
 * stays under the 1-minute lock, which the Functions host renews in any case
 * (maxAutoLockRenewalDuration, 5 min by default, Service Bus trigger host.json settings).
 */
export function applyRetryDelayMs(deliveryCount: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * How long after Service Bus took an event its last delivery can come when every delivery fails:
 * the apply's waits before failing deliveries 1 to `maxDeliveries - 1` (the next delivery follows
 * at once). 151 s for the module's 10 deliveries.
 */
export function applyDeliverySpanMs(maxDeliveries: number): number {
  let span = 0;
  for (let n = 1; n < maxDeliveries; n++) span += applyRetryDelayMs(n);
  return span;
}

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

/** `apply`: the Service Bus inbound queue → Cosmos DB, and the AWS reconciler's messages. */
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
  return async (message: unknown, context: InvocationContext) => {
    const body =
      typeof message === 'string' ? message : JSON.stringify(message);
    const result = await applier.handle(body);
    if (result.outcome === 'retry') {
      const deliveries = Number(context.triggerMetadata?.deliveryCount ?? 1);
      await sleep(applyRetryDelayMs(deliveries));
      throw result.error;
    }
    if (result.outcome === 'rejected') {
      // The trigger cannot dead-letter with a reason: the Node.js programming model settles
      // only by the function's outcome (auto-complete on success, abandon on an exception:
      // "Azure Service Bus trigger for Azure Functions", PeekLock behavior,
      // https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger),
      // and settling from the function needs the preview SDK-type binding. So the delivery
      // fails, Service Bus dead-letters the event after the queue's max delivery count
      // (MaxDeliveryCountExceeded), and the redriver finds the same reason again
      // (inboundLetterProblem), leaves the letter for a person and records the reason on it.
      // The reason is logged each time as well.
      context.error(`replication event refused: ${result.reason}`);
      throw new Error(`replication event refused: ${result.reason}`);
    }
  };
}
