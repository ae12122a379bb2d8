import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ServiceBusClient } from '@azure/service-bus';
import type {
  DynamoDBStreamEvent,
  SQSEvent,
  SQSRecord,
  Context,
} from 'aws-lambda';
import { InboundApplier } from '../../bridge/InboundApplier';
import { createTriggeredRelay, Relay } from '../../bridge/Relay';
import { createApi } from '../../http/createApi';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';
import {
  DynamoDbStore,
  storedItemFromDynamoDbRecord,
} from '../../stores/DynamoDbStore';
import { ServiceBusTransport } from '../../transports/ServiceBusTransport';
import { awsConfigSchema, AwsConfig, readConfig } from '../config';
import { toLambdaHttpHandler } from '../lambdaHttp';
import { createRegionCore } from '../regionRole';
import { createAwsReconciler } from './scheduled';

/**
 * The AWS side's Lambda functions: `api` (API Gateway HTTP API), `relay` (DynamoDB Streams →
 * Azure's inbound Service Bus queue) and `apply` (SQS inbound queue → DynamoDB, partial batch
 * response). Each builds its adapters once per cold start from the environment.
 */
const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
const metrics = new Metrics({
  namespace: 'MulticloudService',
  serviceName: process.env.SERVICE_NAME ?? 'service',
});

let runtime: ReturnType<typeof buildRuntime> | undefined;
function getRuntime() {
  return (runtime ??= buildRuntime(readConfig(awsConfigSchema)));
}

function buildRuntime(config: AwsConfig) {
  const dynamo = new DynamoDBClient({ region: config.AWS_REGION });
  const store = new DynamoDbStore({
    client: dynamo,
    tableName: config.TABLE_NAME,
  });
  const { clock, items } = createRegionCore(config, store);
  const sqs = new SQSClient({ region: config.AWS_REGION });
  const sink = new EmfMetricsSink(metrics);
  const api = createApi({
    items,
    whoami: {
      cloud: 'aws',
      region: config.AWS_REGION,
      instance: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'lambda',
      version: config.SERVICE_VERSION,
    },
    health: [{ name: 'store', check: () => store.ping() }],
    forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
  });
  let relayPromise: Promise<Relay> | undefined;
  const getRelay = () =>
    (relayPromise ??= new SecretsManagerClient({ region: config.AWS_REGION })
      .send(
        new GetSecretValueCommand({
          SecretId: config.PEER_SERVICEBUS_SECRET_ARN,
        }),
      )
      .then(secret => {
        if (!secret.SecretString)
          throw new Error(
            `secret ${config.PEER_SERVICEBUS_SECRET_ARN} has no string value`,
          );
        const outbound = new ServiceBusTransport({
          client: new ServiceBusClient(secret.SecretString),
          queueName: config.PEER_QUEUE_NAME,
          counts: async () => {
            throw new Error(
              'queue counts of the peer are read by the portal, not by the relay',
            );
          },
        });
        return createTriggeredRelay({
          region: config.REGION_ID,
          outbound,
          metrics: sink,
        });
      }));
  return {
    config,
    httpHandler: toLambdaHttpHandler(api),
    applier: new InboundApplier({
      store,
      clock,
      metrics: sink,
      reconciler: createAwsReconciler(config, store, sink),
    }),
    getRelay,
    sqs,
    sink,
  };
}

export const api = (event: unknown, context: Context) =>
  getRuntime().httpHandler(event as never, context);

/** DynamoDB Streams: a failure throws, and Lambda retries the batch (bisected, as Terraform sets). */
export async function relay(event: DynamoDBStreamEvent): Promise<void> {
  const changes = event.Records.filter(r => r.dynamodb?.NewImage).map(r =>
    storedItemFromDynamoDbRecord(unmarshall(r.dynamodb!.NewImage as never)),
  );
  const sent = await (await getRuntime().getRelay()).relayChanges(changes);
  logger.info('relayed to azure', { records: event.Records.length, sent });
  getRuntime().sink.flush();
}

const processor = new BatchProcessor(EventType.SQS);

/**
 * SQS inbound queue. A poison message is copied to the dead-letter queue with its reason and
 * counted done; a store failure fails only that record, which SQS redelivers and, after the
 * queue's maxReceiveCount, dead-letters.
 */
export async function apply(event: SQSEvent, context: Context) {
  const { applier, sqs, config, sink } = getRuntime();
  const handleRecord = async (record: SQSRecord) => {
    const result = await applier.handle(record.body);
    if (result.outcome === 'retry') throw result.error;
    if (result.outcome === 'rejected') {
      logger.warn('dead-lettering a replication event', {
        messageId: record.messageId,
        reason: result.reason,
      });
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: config.INBOUND_DLQ_URL,
          MessageBody: record.body,
          MessageAttributes: {
            DeadLetterReason: {
              DataType: 'String',
              StringValue: result.reason.slice(0, 1024),
            },
          },
        }),
      );
    }
  };
  try {
    return await processPartialResponse(event, handleRecord, processor, {
      context,
    });
  } finally {
    sink.flush();
  }
}
