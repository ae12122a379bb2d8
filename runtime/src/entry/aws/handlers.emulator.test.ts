import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  dynamoDbClientFor,
  RunningEmulator,
  RunningSqsFake,
  startDynalite,
  startSqsFake,
} from '@multicloud/cloud-fakes';
import type { SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { packBody } from '../../bridge/eventPacks';
import { formatVersion } from '../../domain/version';
import { DynamoDbStore, ensureDynamoDbTable } from '../../stores/DynamoDbStore';
import { runInFreshProcess } from '../__testUtils__/freshProcess';

/** Invokes a handler of `./handlers` once in a fresh process, as Lambda loads it at a cold start. */
const invokeInFreshProcess = (
  name: string,
  event: unknown,
  env: Record<string, string>,
) =>
  runInFreshProcess(
    `const m = await import(${JSON.stringify(join(__dirname, 'handlers.ts'))});
result(await m[${JSON.stringify(name)}](${JSON.stringify(
      event,
    )}, { getRemainingTimeInMillis: () => 30000 }));`,
    env,
  );

describe('the SQS-triggered apply Lambda, against dynalite and the SQS fake', () => {
  let dynalite: RunningEmulator;
  let sqs: RunningSqsFake;
  let dlqUrl: string;
  let env: Record<string, string>;

  const sqsClient = () =>
    new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
  const itemsTable = () =>
    new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    });

  beforeAll(async () => {
    [dynalite, sqs] = await Promise.all([startDynalite(), startSqsFake()]);
    await ensureDynamoDbTable(dynamoDbClientFor(dynalite.endpoint), 'items');
    const client = sqsClient();
    dlqUrl = (
      await client.send(new CreateQueueCommand({ QueueName: 'inbound-dlq' }))
    ).QueueUrl!;
    env = {
      SERVICE_NAME: 'orders',
      REGION_ID: 'aws',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // The SDK's own endpoint overrides point the function at the emulators.
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      TABLE_NAME: 'items',
      INBOUND_QUEUE_URL: sqs.queueUrl('inbound'),
      INBOUND_DLQ_URL: dlqUrl,
      PEER_AZURE_IDENTITY_SECRET_ARN:
        'arn:aws:secretsmanager:local:000000000000:secret:peer',
      PEER_SERVICEBUS_NAMESPACE: 'sbns-orders-bus.servicebus.windows.net',
      PEER_QUEUE_NAME: 'orders-to-azure',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
  });
  afterAll(async () => {
    await Promise.all([dynalite.stop(), sqs.stop()]);
  });

  const record = (messageId: string, body: string) => ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {} as never,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:inbound',
    awsRegion: 'local',
  });

  it('applies good events, dead-letters a poison one with its reason, and fails no record', async () => {
    const now = Date.now();
    const good = {
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key: 'order-7',
      payload: { total: 7 },
      timestamp: now,
      version: formatVersion({ wallMs: now, counter: 0, region: 'azure' }),
    };
    const event: SQSEvent = {
      Records: [
        record('m1', JSON.stringify(good)),
        record('m2', '{"key":"x"}'),
      ],
    };
    const response = await invokeInFreshProcess('apply', event, env);
    expect(response).toEqual({ batchItemFailures: [] });

    const store = itemsTable();
    expect((await store.get('order-7'))?.payload).toEqual({ total: 7 });
    const client = sqsClient();
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(
      Messages.map(m => [
        m.Body,
        m.MessageAttributes?.DeadLetterReason?.StringValue,
      ]),
    ).toEqual([['{"key":"x"}', expect.stringMatching(/event_id/)]]);
    // A fresh process loads the runtime's TypeScript through tsx: seconds on a busy machine.
  }, 60_000);

  it('applies the valid events of a pack and dead-letters only its poison one, as one letter', async () => {
    const now = Date.now();
    const event = (key: string, counter: number) => ({
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key,
      payload: { key },
      timestamp: now,
      version: formatVersion({ wallMs: now, counter, region: 'azure' }),
    });
    const poison = { ...event('order-poison', 3), payload: { '': 1 } };
    const pack = packBody(
      [event('order-8', 1), poison, event('order-9', 2)].map(e =>
        JSON.stringify(e),
      ),
    );
    const response = await invokeInFreshProcess(
      'apply',
      { Records: [record('m3', pack)] },
      env,
    );
    expect(response).toEqual({ batchItemFailures: [] });

    const store = itemsTable();
    expect((await store.get('order-8'))?.payload).toEqual({ key: 'order-8' });
    expect((await store.get('order-9'))?.payload).toEqual({ key: 'order-9' });
    expect(await store.get('order-poison')).toBeUndefined();
    const client = sqsClient();
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const letters = Messages.filter(m => m.Body !== '{"key":"x"}');
    expect(
      letters.map(m => [
        JSON.parse(m.Body!),
        m.MessageAttributes?.DeadLetterReason?.StringValue,
      ]),
    ).toEqual([[poison, expect.stringMatching(/^1 of 3 events of a pack/)]]);
  }, 60_000);
});
