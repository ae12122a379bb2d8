import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import {
  dynamoDbClientFor,
  startDynalite,
  startServiceBusFake,
  startSqsFake,
  type RunningEmulator,
  type RunningServiceBusFake,
  type RunningSqsFake,
} from '@multicloud/cloud-fakes';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { antiEntropyMessageSchema } from '../../bridge/antiEntropyMessages';
import { formatVersion } from '../../domain/version';
import { DynamoDbStore, ensureDynamoDbTable } from '../../stores/DynamoDbStore';

describe('the scheduled Lambdas, against dynalite, the SQS fake and the Service Bus fake', () => {
  let dynalite: RunningEmulator;
  let sqs: RunningSqsFake;
  let serviceBus: RunningServiceBusFake;
  let client: SQSClient;
  let inboundUrl: string;
  let dlqUrl: string;
  const saved = { ...process.env };
  const secrets = mockClient(SecretsManagerClient);

  beforeAll(async () => {
    [dynalite, sqs, serviceBus] = await Promise.all([
      startDynalite(),
      startSqsFake(),
      startServiceBusFake(),
    ]);
    await ensureDynamoDbTable(dynamoDbClientFor(dynalite.endpoint), 'items');
    client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    dlqUrl = (
      await client.send(new CreateQueueCommand({ QueueName: 'inbound-dlq' }))
    ).QueueUrl!;
    inboundUrl = (
      await client.send(new CreateQueueCommand({ QueueName: 'inbound' }))
    ).QueueUrl!;
    // Secrets Manager has no local emulator here: the secret's value is the fake's connection string.
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: serviceBus.connectionString });
    Object.assign(process.env, {
      SERVICE_NAME: 'orders',
      REGION_ID: 'aws',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      TABLE_NAME: 'items',
      INBOUND_QUEUE_URL: inboundUrl,
      INBOUND_DLQ_URL: dlqUrl,
      PEER_SERVICEBUS_SECRET_ARN:
        'arn:aws:secretsmanager:local:000000000000:secret:peer',
      PEER_QUEUE_NAME: 'orders-to-azure',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
  });
  afterAll(async () => {
    process.env = saved;
    secrets.restore();
    await Promise.all([dynalite.stop(), sqs.stop(), serviceBus.stop()]);
  });

  // Required after the environment is set, as Lambda loads the module at cold start.
  const scheduled = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./scheduled') as typeof import('./scheduled');

  it('redrive sends a dead letter the queue moved back with a timer, and leaves a refused one', async () => {
    const wallMs = Date.now();
    const blip = {
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key: 'blip-1',
      payload: { n: 1 },
      timestamp: wallMs,
      version: formatVersion({ wallMs, counter: 0, region: 'azure' }),
    };
    await client.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: JSON.stringify(blip),
      }),
    );
    await client.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: '{"bad":1}',
        MessageAttributes: {
          DeadLetterReason: {
            DataType: 'String',
            StringValue: 'invalid replication event: key: must be an item id',
          },
        },
      }),
    );
    expect(await scheduled().redrive()).toEqual({
      redriven: 1,
      awaitingPerson: 1,
    });
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: inboundUrl,
        AttributeNames: ['All'],
      }),
    );
    // Waiting out its first backoff (60 s) as a delayed message.
    expect(Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('reconcile sends digests of the table to the peer queue', async () => {
    const store = new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    });
    const wallMs = Date.now() - 120_000;
    for (const key of ['a', 'b', 'c'])
      await store.apply({
        event_id: randomUUID(),
        source_region: 'aws',
        op_type: 'put',
        key,
        payload: { key },
        timestamp: wallMs,
        version: formatVersion({ wallMs, counter: 0, region: 'aws' }),
      });
    expect(await scheduled().reconcile()).toMatchObject({ compared: 3 });

    const sb = new ServiceBusClient(serviceBus.connectionString);
    const receiver = sb.createReceiver('orders-to-azure');
    const [message] = await receiver.receiveMessages(1, {
      maxWaitTimeInMs: 5000,
    });
    const parsed = antiEntropyMessageSchema.parse(JSON.parse(message.body));
    expect(parsed).toMatchObject({
      from: 'aws',
      step: 'digests',
      parents: [''],
    });
    const ranges = parsed.step === 'digests' ? parsed.ranges : {};
    expect(Object.values(ranges).reduce((n, [, count]) => n + count, 0)).toBe(
      3,
    );
    await receiver.completeMessage(message);
    await sb.close();
  });
});
