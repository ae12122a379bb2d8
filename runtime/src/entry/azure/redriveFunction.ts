import type { InvocationContext } from '@azure/functions';
import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import { inboundBodyProblem } from '../../bridge/InboundApplier';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Store } from '../../ports/Store';

export interface AzureRedriveDependencies {
  deadLetterQueue: DeadLetterQueue;
  store: Store;
  metrics: MetricsSink;
  /** Delay before each re-drive (the trigger harness compresses it); default 1, 5, 15 min. */
  backoffMs?: number[];
}

/** `redrive` (timer): transient dead letters back to the inbound queue. */
export function createAzureRedriveFunction(deps: AzureRedriveDependencies) {
  const redriver = new DeadLetterRedriver({
    deadLetters: deps.deadLetterQueue,
    problemWith: inboundBodyProblem,
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
