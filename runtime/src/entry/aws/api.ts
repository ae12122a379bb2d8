import type { Context } from 'aws-lambda';
import { createApi } from '../../http/createApi';
import { toLambdaHttpHandler } from '../lambdaHttp';
import { awsConfig, awsRegion } from './region';

/** `api`: the HTTP API behind API Gateway (HTTP API, payload v2). */
let handler: ReturnType<typeof toLambdaHttpHandler> | undefined;
function getHandler() {
  if (handler) return handler;
  const config = awsConfig();
  const { store, items } = awsRegion();
  return (handler = toLambdaHttpHandler(
    createApi({
      items,
      whoami: {
        cloud: 'aws',
        region: config.AWS_REGION,
        instance: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'lambda',
        version: config.SERVICE_VERSION,
      },
      health: [{ name: 'store', check: () => store.ping() }],
      forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
    }),
  ));
}

export const api = (event: unknown, context: Context) =>
  getHandler()(event as never, context);
