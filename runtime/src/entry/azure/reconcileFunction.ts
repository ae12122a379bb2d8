import type { InvocationContext } from '@azure/functions';
import type { Reconciler } from '../../bridge/Reconciler';

/** `reconcile` (timer): an anti-entropy round with AWS. */
export function createAzureReconcileFunction(deps: {
  reconciler: Pick<Reconciler, 'startRound'>;
}) {
  return async (_timer: unknown, context: InvocationContext) => {
    const report = await deps.reconciler.startRound();
    context.log(`anti-entropy round started over ${report.compared} items`);
    return report;
  };
}
