import type { Context } from 'aws-lambda';
import { createAwsApiFunction } from './apiFunction';
import { awsConfig, awsRegion } from './region';

/** `api`: the HTTP API behind API Gateway, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsApiFunction> | undefined;

export const api = (event: unknown, context: Context) =>
  (handler ??= createAwsApiFunction({
    ...awsRegion(),
    config: awsConfig(),
    instance: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  }))(event as never, context);
