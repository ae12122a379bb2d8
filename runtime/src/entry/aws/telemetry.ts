import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';
import type { FunctionLogger } from './functions';

/** Logs and CloudWatch EMF metrics of the replication functions (`relay`, `apply`). */
const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
export const functionLogger: FunctionLogger = {
  info: (message, details) => logger.info(message, details ?? {}),
  warn: (message, details) => logger.warn(message, details ?? {}),
};
export const sink = new EmfMetricsSink(
  new Metrics({
    namespace: 'MulticloudService',
    serviceName: process.env.SERVICE_NAME ?? 'service',
  }),
);
