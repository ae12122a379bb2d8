import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { DynamoDbStreamRecords } from '../../feed/DynamoDbStreamRecords';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';
import { DynamoDbStore } from '../../stores/DynamoDbStore';
import { ServiceBusSender } from '../../transports/ServiceBusSender';
import { SqsSender } from '../../transports/SqsTransport';
import { awsConfigSchema, AwsConfig, readConfig } from '../config';
import { createAwsFunctions, type AwsFunctions } from './functions';

/**
 * The AWS side's Lambda handlers (`api`, `relay`, `apply`): each builds the functions once per
 * cold start from the environment (see `createAwsFunctions` for what each does).
 */
const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
const metrics = new Metrics({
  namespace: 'MulticloudService',
  serviceName: process.env.SERVICE_NAME ?? 'service',
});

let functions: AwsFunctions | undefined;
function getFunctions(): AwsFunctions {
  return (functions ??= fromEnvironment(readConfig(awsConfigSchema)));
}

function fromEnvironment(config: AwsConfig): AwsFunctions {
  const region = config.AWS_REGION;
  return createAwsFunctions({
    config,
    store: new DynamoDbStore({
      client: new DynamoDBClient({ region }),
      tableName: config.TABLE_NAME,
    }),
    peer: async () => {
      const secret = await new SecretsManagerClient({ region }).send(
        new GetSecretValueCommand({
          SecretId: config.PEER_SERVICEBUS_SECRET_ARN,
        }),
      );
      if (!secret.SecretString)
        throw new Error(
          `secret ${config.PEER_SERVICEBUS_SECRET_ARN} has no string value`,
        );
      return new ServiceBusSender({
        // Fail a send within the relay's 60 s timeout: the SDK's defaults (3 retries 30 s apart,
        // 60 s per try: @azure/core-amqp constants) would outlast it. Lambda retries the batch.
        client: new ServiceBusClient(secret.SecretString, {
          retryOptions: {
            maxRetries: 2,
            retryDelayInMs: 1000,
            maxRetryDelayInMs: 5000,
            timeoutInMs: 15_000,
          },
        }),
        queueName: config.PEER_QUEUE_NAME,
      });
    },
    deadLetters: new SqsSender({
      client: new SQSClient({ region }),
      queueUrl: config.INBOUND_DLQ_URL,
    }),
    streamRecords: new DynamoDbStreamRecords(
      new DynamoDBStreamsClient({ region }),
    ),
    metrics: new EmfMetricsSink(metrics),
    logger: {
      info: (message, details) => logger.info(message, details ?? {}),
      warn: (message, details) => logger.warn(message, details ?? {}),
    },
    instance: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  });
}

export const api = (event: unknown, context: Context) =>
  getFunctions().api(event as never, context);

export const relay = (
  event: DynamoDBStreamEvent | SQSEvent,
  context: Context,
) => getFunctions().relay(event, context);

export const apply = (event: SQSEvent, context: Context) =>
  getFunctions().apply(event, context);
