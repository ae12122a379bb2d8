import type { InvocationContext } from '@azure/functions';
import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import { inboundLetterProblem } from '../../bridge/InboundApplier';
import { applyDeliverySpanMs } from './applyFunction';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Store } from '../../ports/Store';

export interface AzureRedriveDependencies {
  deadLetterQueue: DeadLetterQueue;
  store: Store;
  metrics: MetricsSink;
  /** Delay before each re-drive (the trigger harness compresses it); default 1, 5, 15 min. */
  backoffMs?: number[];
  /** How far ahead of this side's clock an event's version may be (the applier's limit). */
  maxClockDriftMs: number;
  /**
   * Service Bus's deliveries of an inbound event before it dead-letters it (the queue's
   * max_delivery_count, `INBOUND_MAX_DELIVERY_COUNT`); default 10, the azure-service module's.
   */
  maxDeliveries?: number;
  /** This side's clock (Date.now); the trigger harness passes its compressed one. */
  now?: () => number;
}

/** `redrive` (timer): transient dead letters back to the inbound queue. */
export function createAzureRedriveFunction(deps: AzureRedriveDependencies) {
  const now = deps.now ?? Date.now;
  // A letter is poison for its clock only when the apply surely refused it: its version was
  // further ahead of the queue's enqueued time than the drift, plus the span of its deliveries
  // (the apply's waits), plus the drift once more for the queue's clock against this side's (the
  // runtime's allowance between any two clocks).
  const letterProblem = inboundLetterProblem(
    deps.maxClockDriftMs,
    applyDeliverySpanMs(deps.maxDeliveries ?? 10) + deps.maxClockDriftMs,
  );
  const redriver = new DeadLetterRedriver({
    deadLetters: deps.deadLetterQueue,
    // What the apply refused waits for a person, its reason recorded on the dead letter. The
    // enqueued time is the queue's; the letter's age moves it onto this side's clock, which is
    // the wall clock in the cloud and a faster one on the trigger harness.
    problemWith: letter =>
      letterProblem({
        body: letter.body,
        enqueuedAt:
          letter.enqueuedAt === undefined
            ? undefined
            : now() - (Date.now() - letter.enqueuedAt),
      }),
    // While Cosmos DB does not answer, a run sends nothing back: an outage spends no re-drives.
    ready: () => deps.store.ping(),
    metrics: deps.metrics,
    backoffMs: deps.backoffMs,
  });
  return async (_timer: unknown, context: InvocationContext) => {
    const report = await redriver.runOnce();
    context.log(
      `dead letters: ${report.redriven} re-driven, ${report.awaitingPerson} awaiting a person`,
    );
    return report;
  };
}
