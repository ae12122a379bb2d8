import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { SqsSender } from '../../transports/SqsTransport';
import { createAwsApplyFunction } from './applyFunction';
import { awsConfig, awsRegion } from './region';
import { functionLogger, sink } from './telemetry';

/** `apply`: the SQS inbound queue → DynamoDB, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsApplyFunction> | undefined;

function build() {
  const config = awsConfig();
  return createAwsApplyFunction({
    ...awsRegion(),
    deadLetters: new SqsSender({
      client: new SQSClient({ region: config.AWS_REGION }),
      queueUrl: config.INBOUND_DLQ_URL,
    }),
    metrics: sink,
    logger: functionLogger,
  });
}

export const apply = (event: SQSEvent, context: Context) =>
  (handler ??= build())(event, context);
