import { app, type InvocationContext } from '@azure/functions';
import type { Reconciler } from '../../bridge/Reconciler';

/**
 * NCRONTAB with seconds, as the timer trigger reads it: every 15 minutes, at 7, 22, 37 and 52
 * past the hour, between AWS's rounds (on the quarter hours): two rounds at once would find the
 * same differences and repair each twice.
 */
export const RECONCILE_SCHEDULE = '0 7,22,37,52 * * * *';

/**
 * The Azure side's anti-entropy schedule, on the Functions timer trigger: `reconcile` starts a
 * round with AWS. The timer trigger runs one instance at a time across a scaled-out app (it holds
 * a blob lease), and a missed occurrence runs after a restart (`useMonitor`, on by default for
 * schedules over a minute) ("Timer trigger for Azure Functions",
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer). A timer needs no
 * Terraform resource.
 */
export function registerAzureReconcileFunction(
  getReconciler: () => Reconciler,
) {
  app.timer('reconcile', {
    schedule: RECONCILE_SCHEDULE,
    handler: async (_timer: unknown, context: InvocationContext) => {
      const report = await getReconciler().startRound();
      context.log(`anti-entropy round started over ${report.compared} items`);
    },
  });
}
