import { Metrics } from '@aws-lambda-powertools/metrics';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';

/** CloudWatch EMF metrics of the replication functions (`relay`, `apply`, `redrive`, `reconcile`). */
export const sink = new EmfMetricsSink(
  new Metrics({
    namespace: 'MulticloudService',
    serviceName: process.env.SERVICE_NAME ?? 'service',
  }),
);
