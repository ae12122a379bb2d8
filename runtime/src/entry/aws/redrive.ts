import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '../../transports/SqsDeadLetterQueue';
import { createAwsRedriveFunction } from './redriveFunction';
import { awsConfig, awsStore } from './region';
import { functionLogger } from './logger';
import { sink } from './telemetry';

/** `redrive`: the inbound queue's dead letters, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsRedriveFunction> | undefined;

function build() {
  const config = awsConfig();
  return createAwsRedriveFunction({
    deadLetterQueue: new SqsDeadLetterQueue({
      client: new SQSClient({ region: config.AWS_REGION }),
      queueUrl: config.INBOUND_QUEUE_URL,
      deadLetterQueueUrl: config.INBOUND_DLQ_URL,
    }),
    store: awsStore(),
    metrics: sink,
    logger: functionLogger,
  });
}

export const redrive = () => (handler ??= build())();
