import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from '../../transports/SqsDeadLetterQueue';
import { createAwsRedriveFunction } from './redriveFunction';
import { pingTable } from '../../stores/dynamoDbPing';
import { awsConfig } from './region';
import { functionLogger } from './logger';
import { sink } from './telemetry';

/** `redrive`: the inbound queue's dead letters, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsRedriveFunction> | undefined;

function build() {
  const config = awsConfig();
  // The table's ping alone, not the store: its other commands, marshalling and record conversion
  // are 10 KB this function would load at every cold start and never run.
  const table = new DynamoDBClient({ region: config.AWS_REGION });
  return createAwsRedriveFunction({
    deadLetterQueue: new SqsDeadLetterQueue({
      client: new SQSClient({ region: config.AWS_REGION }),
      queueUrl: config.INBOUND_QUEUE_URL,
      deadLetterQueueUrl: config.INBOUND_DLQ_URL,
    }),
    store: { ping: () => pingTable(table, config.TABLE_NAME) },
    metrics: sink,
    logger: functionLogger,
  });
}

export const redrive = () => (handler ??= build())();
