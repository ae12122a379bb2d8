import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { InboundApplier } from '../../bridge/InboundApplier';
import type { Reconciler } from '../../bridge/Reconciler';
import type { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { MessageVisibility } from '../../ports/MessageVisibility';
import type { Store } from '../../ports/Store';
import type { MessageSender } from '../../ports/Transport';
import type { FunctionLogger } from './functions';

export interface AwsApplyDependencies {
  store: Store;
  clock: HybridLogicalClock;
  /** The inbound queue's dead-letter queue, for events that can never apply. */
  deadLetters: MessageSender;
  /** Answers the anti-entropy messages Azure's reconciler sends over the same queue. */
  reconciler: Pick<Reconciler, 'receive'>;
  /**
   * The inbound queue's visibility, to bring a record that failed on a store failure back after
   * `APPLY_RETRY_VISIBILITY_SECONDS` rather than the queue's 360 s. Without it, the queue's.
   */
  visibility?: MessageVisibility;
  metrics: MetricsSink;
  logger: FunctionLogger;
  now?: () => number;
}

/**
 * How long a record that failed on a store failure waits before its next delivery, by the
 * delivery that failed (the record's ApproximateReceiveCount): 30 s, then 60, 120, 240; from the
 * fifth, the queue's own visibility timeout (360 s). A failed record otherwise waits out the
 * queue's 360 s (six times the function's timeout, as AWS asks for a Lambda source queue), so a
 * store that failed for 60 s took six minutes to catch up (`npm run bench -- faults`). Lambda
 * leaves a failed record's visibility alone ("Handling errors for an SQS event source in
 * Lambda": it reappears once the visibility timeout runs out), so the function may shorten it, as
 * AWS's own message-processing framework does (`VisibilityTimeoutForBatchFailures`,
 * awslabs/aws-dotnet-messaging `LambdaMessagingOptions`). The 5 receives the queue allows before
 * dead-lettering then span about 13.5 minutes; a longer outage is re-driven from the dead-letter
 * queue (bridge/DeadLetterRedriver).
 */
export const APPLY_RETRY_VISIBILITY_SECONDS = [30, 60, 120, 240];

/**
 * `apply`: the SQS inbound queue, with a partial batch response. A record carries one event or a
 * pack of them (`bridge/eventPacks.ts`, as Azure's relay sends them). A poison message, or a
 * pack's poison events, is copied to the dead-letter queue with its reason and the record counted
 * done; a store failure fails only that record (a pack whole),
 * which SQS redelivers after `APPLY_RETRY_VISIBILITY_SECONDS` (or the queue's visibility timeout)
 * and dead-letters after the queue's maxReceiveCount.
 */
export function createAwsApplyFunction(deps: AwsApplyDependencies) {
  const { store, clock, metrics, logger } = deps;
  const applier = new InboundApplier({
    store,
    clock,
    metrics,
    now: deps.now,
    reconciler: deps.reconciler,
  });

  const retryLater = async (record: SQSRecord) => {
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const seconds = APPLY_RETRY_VISIBILITY_SECONDS[receives - 1];
    if (!deps.visibility || seconds === undefined) return;
    try {
      await deps.visibility.setVisibility(record.receiptHandle, seconds);
    } catch (error) {
      // The queue's own visibility timeout applies: later, but nothing is lost.
      logger.warn('could not shorten a failed record’s visibility', {
        messageId: record.messageId,
        error: (error as Error).message,
      });
    }
  };

  const handleApply = async (record: SQSRecord) => {
    const result = await applier.handle(record.body);
    if (result.outcome === 'retry') {
      await retryLater(record);
      throw result.error;
    }
    if (result.outcome === 'rejected') {
      logger.warn('dead-lettering a replication event', {
        messageId: record.messageId,
        reason: result.reason,
      });
      await deps.deadLetters.send([
        {
          id: record.messageId,
          // A pack's refused events only: its other events were applied.
          body: result.body ?? record.body,
          attributes: { DeadLetterReason: result.reason.slice(0, 1024) },
        },
      ]);
    }
  };

  return async (event: SQSEvent, context?: Context) => {
    try {
      return await processPartialResponse(
        event,
        handleApply,
        new BatchProcessor(EventType.SQS),
        { context: context! },
      );
    } finally {
      await metrics.flush?.();
    }
  };
}
