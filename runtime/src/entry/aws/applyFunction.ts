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
  metrics: MetricsSink;
  logger: FunctionLogger;
  now?: () => number;
}

/**
 * `apply`: the SQS inbound queue, with a partial batch response. A poison message is copied to
 * the dead-letter queue with its reason and counted done; a store failure fails only that record,
 * which SQS redelivers after the visibility timeout and dead-letters after the queue's
 * maxReceiveCount.
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

  const handleApply = async (record: SQSRecord) => {
    const result = await applier.handle(record.body);
    if (result.outcome === 'retry') throw result.error;
    if (result.outcome === 'rejected') {
      logger.warn('dead-lettering a replication event', {
        messageId: record.messageId,
        reason: result.reason,
      });
      await deps.deadLetters.send([
        {
          id: record.messageId,
          body: record.body,
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
