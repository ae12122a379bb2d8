import { Logger } from '@aws-lambda-powertools/logger';
import type { FunctionLogger } from './functions';

/** The functions' structured logs (Powertools Logger: JSON lines with the service's name). */
const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
export const functionLogger: FunctionLogger = {
  info: (message, details) => logger.info(message, details ?? {}),
  warn: (message, details) => logger.warn(message, details ?? {}),
};
