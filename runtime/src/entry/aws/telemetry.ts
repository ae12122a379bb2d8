import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';

/** Logs and CloudWatch EMF metrics of the replication functions (`relay`, `apply`). */
export const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
export const sink = new EmfMetricsSink(
  new Metrics({
    namespace: 'MulticloudService',
    serviceName: process.env.SERVICE_NAME ?? 'service',
  }),
);
