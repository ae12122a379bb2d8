import { Reconciler } from '../../bridge/Reconciler';
import { createAwsReconcileFunction } from './reconcileFunction';
import { awsPeerSender } from './peer';
import { awsConfig, awsStore } from './region';
import { functionLogger } from './logger';
import { sink } from './telemetry';

/** `reconcile`: an anti-entropy round with Azure, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsReconcileFunction> | undefined;

function build() {
  const config = awsConfig();
  const peer = awsPeerSender(config);
  return createAwsReconcileFunction({
    reconciler: new Reconciler({
      region: config.REGION_ID,
      store: awsStore(),
      peer: { send: async messages => (await peer()).send(messages) },
      metrics: sink,
    }),
    metrics: sink,
    logger: functionLogger,
  });
}

export const reconcile = () => (handler ??= build())();
