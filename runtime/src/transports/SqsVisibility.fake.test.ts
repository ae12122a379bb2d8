import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsFake, type RunningSqsFake } from '@multicloud/cloud-fakes';
import { SqsVisibility } from './SqsVisibility';

let sqs: RunningSqsFake;
beforeAll(async () => {
  sqs = await startSqsFake();
});
afterAll(() => sqs.stop());

describe('SqsVisibility (through the SDK, on the SQS fake)', () => {
  it('brings a received message back after the seconds it sets, not after the queue’s timeout', async () => {
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({
        QueueName: 'visibility',
        Attributes: { VisibilityTimeout: '360' },
      }),
    );
    await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'event' }),
    );
    const receive = () =>
      client.send(
        new ReceiveMessageCommand({ QueueUrl, AttributeNames: ['All'] }),
      );
    const [first] = (await receive()).Messages ?? [];
    expect(first.Body).toBe('event');

    await new SqsVisibility({ client, queueUrl: QueueUrl! }).setVisibility(
      first.ReceiptHandle!,
      1,
    );
    expect((await receive()).Messages ?? []).toHaveLength(0);
    await new Promise(r => setTimeout(r, 1200));
    const [again] = (await receive()).Messages ?? [];
    expect(again.Body).toBe('event');
    expect(again.Attributes?.ApproximateReceiveCount).toBe('2');
  });
});
