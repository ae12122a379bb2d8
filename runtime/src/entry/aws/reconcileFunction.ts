import type { Reconciler } from '../../bridge/Reconciler';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { FunctionLogger } from './functions';

export interface AwsReconcileDependencies {
  reconciler: Pick<Reconciler, 'startRound'>;
  metrics: MetricsSink;
  logger: FunctionLogger;
}

/**
 * `reconcile`, invoked every 15 minutes by an EventBridge Scheduler schedule
 * (terraform-modules/aws-service/schedules.tf): starts an anti-entropy round with Azure. A
 * scheduled invocation is asynchronous: Lambda retries a failed one twice ("Asynchronous
 * invocation", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html), and the next
 * run starts afresh anyway, as the job keeps no state between runs.
 */
export function createAwsReconcileFunction(deps: AwsReconcileDependencies) {
  return async () => {
    try {
      const report = await deps.reconciler.startRound();
      deps.logger.info('anti-entropy round started', { ...report });
      return report;
    } finally {
      await deps.metrics.flush?.();
    }
  };
}
