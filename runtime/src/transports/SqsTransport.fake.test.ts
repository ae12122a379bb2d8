import {
  CreateQueueCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { RunningSqsFake, startSqsFake } from '@multicloud/cloud-fakes';
import { SqsDeadLetterQueue } from './SqsDeadLetterQueue';
import { randomUUID } from 'node:crypto';
import { SqsSender, SqsTransport } from './SqsTransport';
import { describeTransportConformance } from './__testUtils__/transportConformance';

let fake: RunningSqsFake;
const clientOf = (running: RunningSqsFake) =>
  new SQSClient({
    endpoint: running.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
beforeAll(async () => {
  fake = await startSqsFake();
});
afterAll(() => fake.stop());

async function sqsQueuePair(
  client: SQSClient,
  maxReceiveCount: number,
  visibilityTimeout = 1,
) {
  const name = `inbound-${randomUUID().slice(0, 8)}`;
  const { QueueUrl: dlq } = await client.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq` }),
  );
  const { QueueUrl: queue } = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeout),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:local:000000000000:${name}-dlq`,
          maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: queue!, deadLetterQueueUrl: dlq! };
}

describeTransportConformance('SqsTransport on the SQS fake', async () => {
  const client = clientOf(fake);
  const urls = await sqsQueuePair(client, 3);
  return {
    transport: new SqsTransport({ client, ...urls }),
    expireLocks: () => new Promise(r => setTimeout(r, 1100)),
    maxDeliveries: 3,
  };
});

describe('SqsTransport replay', () => {
  it('moves a letter once although the apply function dead-letters a copy of it at once (new id, no attributes)', async () => {
    const client = clientOf(fake);
    const urls = await sqsQueuePair(client, 3);
    const transport = new SqsTransport({ client, ...urls });
    const deadLetters = new SqsSender({
      client,
      queueUrl: urls.deadLetterQueueUrl,
    });
    // What applyFunction does with an event the applier refuses: a copy under the Lambda
    // record's messageId (SQS's own id of this delivery, not the sender's message_id), with the
    // reason as its one attribute.
    const refuse = async () => {
      for (const m of await transport.receive({ maxMessages: 10 })) {
        await deadLetters.send([
          {
            id: randomUUID(),
            body: m.body,
            attributes: { DeadLetterReason: 'refused' },
          },
        ]);
        await transport.ack(m);
      }
    };
    await transport.send([
      { id: randomUUID(), body: 'poison 1' },
      { id: randomUUID(), body: 'poison 2' },
    ]);
    await refuse();
    const send = transport.send.bind(transport);
    transport.send = async messages => {
      await send(messages);
      await refuse();
    };
    expect(await transport.replayDeadLetters({ max: 50 })).toBe(2);
    const left = await transport.peekDeadLetters(10);
    expect(left.map(m => m.body).sort()).toEqual(['poison 1', 'poison 2']);
    await transport.close();
  });
});

describe('SqsSender batches', () => {
  it('is refused whole by SQS when one SendMessageBatch carries more than 256 KiB', async () => {
    const sqs = clientOf(fake);
    const { queueUrl } = await sqsQueuePair(sqs, 3);
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: [0, 1, 2].map(i => ({
            Id: String(i),
            MessageBody: 'x'.repeat(100 * 1024),
          })),
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchRequestTooLong' });
    sqs.destroy();
  });

  it('sends events whose batch of ten is larger than SQS takes in one call, every one of them', async () => {
    const sqs = clientOf(fake);
    const urls = await sqsQueuePair(sqs, 3);
    const transport = new SqsTransport({ client: sqs, ...urls });
    // Ten events of 100 KiB (the payload contract allows data up to 248 KiB): 1 MB in all, which
    // one SendMessageBatch of ten would carry past the limit and SQS would refuse every time.
    const sent = Array.from({ length: 10 }, (_, i) => ({
      id: `event-${i}`,
      body: JSON.stringify({ i, data: 'x'.repeat(100 * 1024) }),
      attributes: { source_region: 'azure' },
    }));
    await transport.send(sent);
    const received: string[] = [];
    for (let polls = 0; polls < 20 && received.length < 10; polls++)
      for (const m of await transport.receive({ maxMessages: 10 })) {
        received.push(m.id);
        await transport.ack(m);
      }
    expect(received.sort()).toEqual(sent.map(m => m.id).sort());
    await transport.close();
  });
});

describe('the dead-letter readers, when short polls miss', () => {
  // SQS may answer a short poll of a queue with few messages empty ("If the number of messages in
  // the queue is extremely small, you might not receive any messages in a particular
  // ReceiveMessage response", ReceiveMessage, Amazon SQS API Reference): the fake plays it, and a
  // reader that short-polled would see no letter here.
  let sampling: RunningSqsFake;
  beforeAll(async () => {
    sampling = await startSqsFake({ shortPollsMiss: true });
  });
  afterAll(() => sampling.stop());

  it('sees, replays and re-drives every dead letter', async () => {
    const client = clientOf(sampling);
    const withLetters = async () => {
      const urls = await sqsQueuePair(client, 3);
      await new SqsSender({ client, queueUrl: urls.deadLetterQueueUrl }).send([
        { id: 'l-1', body: 'letter 1' },
        { id: 'l-2', body: 'letter 2' },
      ]);
      return urls;
    };
    const bodies = (ms: { body: string }[]) => ms.map(m => m.body).sort();

    const portal = new SqsTransport({ client, ...(await withLetters()) });
    expect(bodies(await portal.peekDeadLetters(10))).toEqual([
      'letter 1',
      'letter 2',
    ]);
    expect(await portal.replayDeadLetters()).toBe(2);

    const redriver = new SqsDeadLetterQueue({
      client,
      ...(await withLetters()),
    });
    expect(bodies(await redriver.receive(100))).toEqual([
      'letter 1',
      'letter 2',
    ]);
    client.destroy();
  }, 20_000);
});
