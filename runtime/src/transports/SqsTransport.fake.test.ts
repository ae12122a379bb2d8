import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { RunningSqsFake, startSqsFake } from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { SqsTransport } from './SqsTransport';
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
