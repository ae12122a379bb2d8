import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsFake } from '@multicloud/cloud-fakes';
import { WireCounts } from './WireCounts';

describe('WireCounts', () => {
  it('counts each SQS request by operation, and a batch past 64 KB as the chunks SQS bills', async () => {
    const sqs = await startSqsFake();
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const wire = new WireCounts();
    wire.countAws('sqs', client);
    try {
      const { QueueUrl } = await client.send(
        new CreateQueueCommand({ QueueName: 'counted' }),
      );
      const batch = (size: number) =>
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: 10 }, (_, i) => ({
            Id: String(i),
            MessageBody: 'x'.repeat(size),
          })),
        });
      await client.send(batch(100)); // 1 KB in all: one billed request
      await client.send(batch(7_000)); // about 70 KB: two 64 KB chunks
      await client.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      expect(wire.snapshot()).toEqual({
        'sqs:CreateQueue': 1,
        'sqs:SendMessageBatch': 2,
        'sqs:ReceiveMessage': 1,
        'sqs:billed': 5,
      });
    } finally {
      client.destroy();
      await sqs.stop();
    }
  });
});
