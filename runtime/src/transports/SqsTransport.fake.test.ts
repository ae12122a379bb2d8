import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RunningSqsFake, startSqsFake } from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { SqsSender, SqsTransport } from './SqsTransport';
import { describeTransportConformance } from './__testUtils__/transportConformance';

let fake: RunningSqsFake;
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
  const client = new SQSClient({
    endpoint: fake.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  const urls = await sqsQueuePair(client, 3);
  return {
    transport: new SqsTransport({ client, ...urls }),
    expireLocks: () => new Promise(r => setTimeout(r, 1100)),
    maxDeliveries: 3,
  };
});

describe('SqsTransport replay', () => {
  it('moves a letter once although the apply function dead-letters a copy of it at once (new id, no attributes)', async () => {
    const client = new SQSClient({
      endpoint: fake.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
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
