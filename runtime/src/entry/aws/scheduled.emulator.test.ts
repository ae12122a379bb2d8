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
import { randomUUID } from 'node:crypto';
import { antiEntropyMessageSchema } from '../../bridge/antiEntropyMessages';
import { Reconciler } from '../../bridge/Reconciler';
import { formatVersion } from '../../domain/version';
import { DynamoDbStore, ensureDynamoDbTable } from '../../stores/DynamoDbStore';
import { ServiceBusSender } from '../../transports/ServiceBusSender';
import { SqsDeadLetterQueue } from '../../transports/SqsDeadLetterQueue';
import { createAwsReconcileFunction } from './reconcileFunction';
import { createAwsRedriveFunction } from './redriveFunction';

describe('the scheduled Lambda functions, built by their factories, against dynalite, the SQS fake and the Service Bus fake', () => {
  let dynalite: RunningEmulator;
  let sqs: RunningSqsFake;
  let serviceBus: RunningServiceBusFake;
  let client: SQSClient;
  let inboundUrl: string;
  let dlqUrl: string;
  let store: DynamoDbStore;
  const quiet = { info: () => undefined, warn: () => undefined };
  const metrics = { replicationLag: () => undefined, count: () => undefined };

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
    store = new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    });
  });
  afterAll(async () => {
    await Promise.all([dynalite.stop(), sqs.stop(), serviceBus.stop()]);
  });

  const redrive = () =>
    createAwsRedriveFunction({
      deadLetterQueue: new SqsDeadLetterQueue({
        client,
        queueUrl: inboundUrl,
        deadLetterQueueUrl: dlqUrl,
      }),
      store,
      metrics,
      logger: quiet,
    })();

  const reconcile = async () => {
    const sb = new ServiceBusClient(serviceBus.connectionString);
    try {
      return await createAwsReconcileFunction({
        reconciler: new Reconciler({
          region: 'aws',
          store,
          peer: new ServiceBusSender({
            client: sb,
            queueName: 'orders-to-azure',
          }),
          metrics,
        }),
        metrics,
        logger: quiet,
      })();
    } finally {
      await sb.close();
    }
  };

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
    expect(await redrive()).toEqual({
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
    expect(await reconcile()).toMatchObject({ compared: 3 });

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
