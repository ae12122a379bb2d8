import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import { inboundBodyProblem } from '../../bridge/InboundApplier';
import { Reconciler, type MessageSender } from '../../bridge/Reconciler';
import { EmfMetricsSink } from '../../metrics/EmfMetricsSink';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { Store } from '../../ports/Store';
import { DynamoDbStore } from '../../stores/DynamoDbStore';
import { ServiceBusTransport } from '../../transports/ServiceBusTransport';
import { SqsDeadLetterQueue } from '../../transports/SqsDeadLetterQueue';
import { awsConfigSchema, type AwsConfig, readConfig } from '../config';

/**
 * The AWS side's scheduled functions, each invoked by an EventBridge Scheduler schedule
 * (terraform-modules/aws-service): `redrive` every minute sends transient dead letters of the
 * inbound queue back to it; `reconcile` on the quarter hours starts an anti-entropy round with
 * Azure. A scheduled invocation is asynchronous: Lambda retries a failed one twice ("Asynchronous
 * invocation", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html), and the next
 * run starts afresh anyway, as both jobs keep no state between runs.
 */
const logger = new Logger({
  serviceName: process.env.SERVICE_NAME ?? 'service',
});
const metrics = new Metrics({
  namespace: 'MulticloudService',
  serviceName: process.env.SERVICE_NAME ?? 'service',
});

/**
 * The send side of Azure's inbound queue, from the send-only connection string in Secrets
 * Manager; fetched on first use, so a function that never sends never reads the secret.
 */
export function awsPeerSender(config: AwsConfig): MessageSender {
  let peer: Promise<MessageSender> | undefined;
  const get = () =>
    (peer ??= new SecretsManagerClient({ region: config.AWS_REGION })
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
        return new ServiceBusTransport({
          client: new ServiceBusClient(secret.SecretString),
          queueName: config.PEER_QUEUE_NAME,
          counts: async () => {
            throw new Error('queue counts of the peer are read by the portal');
          },
        });
      })
      .catch(error => {
        peer = undefined; // a failed fetch is tried again on the next send
        throw error;
      }));
  return { send: async messages => (await get()).send(messages) };
}

/** The AWS side's reconciler: this table against Azure's, over Azure's inbound queue. */
export function createAwsReconciler(
  config: AwsConfig,
  store: Store,
  sink: MetricsSink,
): Reconciler {
  return new Reconciler({
    region: config.REGION_ID,
    store,
    peer: awsPeerSender(config),
    metrics: sink,
  });
}

let jobs: ReturnType<typeof buildJobs> | undefined;
function buildJobs(config: AwsConfig) {
  const sink = new EmfMetricsSink(metrics);
  const store = new DynamoDbStore({
    client: new DynamoDBClient({ region: config.AWS_REGION }),
    tableName: config.TABLE_NAME,
  });
  return {
    sink,
    redriver: new DeadLetterRedriver({
      deadLetters: new SqsDeadLetterQueue({
        client: new SQSClient({ region: config.AWS_REGION }),
        queueUrl: config.INBOUND_QUEUE_URL,
        deadLetterQueueUrl: config.INBOUND_DLQ_URL,
      }),
      problemWith: inboundBodyProblem,
      ready: () => store.ping(),
      metrics: sink,
    }),
    reconciler: createAwsReconciler(config, store, sink),
  };
}
const getJobs = () => (jobs ??= buildJobs(readConfig(awsConfigSchema)));

export async function redrive() {
  const { redriver, sink } = getJobs();
  try {
    const report = await redriver.runOnce();
    logger.info('dead letters re-driven', { ...report });
    return report;
  } finally {
    sink.flush();
  }
}

export async function reconcile() {
  const { reconciler, sink } = getJobs();
  try {
    const report = await reconciler.startRound();
    logger.info('anti-entropy round started', { ...report });
    return report;
  } finally {
    sink.flush();
  }
}
