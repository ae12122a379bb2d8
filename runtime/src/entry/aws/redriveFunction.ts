import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import { inboundBodyProblem } from '../../bridge/InboundApplier';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Store } from '../../ports/Store';
import type { FunctionLogger } from './functions';

export interface AwsRedriveDependencies {
  /** The inbound queue's dead-letter queue, read and sent back to the inbound queue. */
  deadLetterQueue: DeadLetterQueue;
  /** A run sends nothing back while the store's ping fails. */
  store: Pick<Store, 'ping'>;
  metrics: MetricsSink;
  logger: FunctionLogger;
  /** Delay before each re-drive (the sandbox compresses it); default 1, 5, 15 min. */
  backoffMs?: number[];
}

/**
 * `redrive`, invoked every minute by an EventBridge Scheduler schedule
 * (terraform-modules/aws-service/schedules.tf): sends the inbound queue's transient dead letters
 * back to it with backoff and leaves poison ones for a person. A failed asynchronous invocation
 * is retried twice by Lambda ("Asynchronous invocation",
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html); the next run starts afresh.
 */
export function createAwsRedriveFunction(deps: AwsRedriveDependencies) {
  const redriver = new DeadLetterRedriver({
    deadLetters: deps.deadLetterQueue,
    // The apply copies what it refuses here itself, with its reason: only a letter SQS moved
    // after too many receives is looked at, and its body is all there is to go on.
    problemWith: letter => inboundBodyProblem(letter.body),
    ready: () => deps.store.ping(),
    metrics: deps.metrics,
    backoffMs: deps.backoffMs,
  });
  return async () => {
    try {
      const report = await redriver.runOnce();
      deps.logger.info('dead letters re-driven', { ...report });
      return report;
    } finally {
      await deps.metrics.flush?.();
    }
  };
}
