import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSqsFake } from './SqsFake';

const clientFor = (endpoint: string) =>
  new SQSClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });

describe('the SQS fake', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sqs-fake-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps queues and unacknowledged messages across a restart', async () => {
    const first = await startSqsFake({ dataDir });
    const { QueueUrl } = await clientFor(first.endpoint).send(
      new CreateQueueCommand({ QueueName: 'durable' }),
    );
    await clientFor(first.endpoint).send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'kept' }),
    );
    await first.stop();

    const second = await startSqsFake({ dataDir });
    const client = clientFor(second.endpoint);
    const { Messages } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: second.queueUrl('durable'),
        MaxNumberOfMessages: 10,
      }),
    );
    expect(Messages?.map(m => m.Body)).toEqual(['kept']);
    await second.stop();
  });

  it('answers errors in the shape the SDK turns into typed exceptions', async () => {
    const fake = await startSqsFake();
    const client = clientFor(fake.endpoint);
    await expect(
      client.send(
        new GetQueueAttributesCommand({
          QueueUrl: fake.queueUrl('nope'),
          AttributeNames: ['All'],
        }),
      ),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(
      client.send(
        new CreateQueueCommand({
          QueueName: 'bad',
          Attributes: {
            RedrivePolicy:
              '{"deadLetterTargetArn":"arn:aws:sqs:local:000000000000:missing","maxReceiveCount":3}',
          },
        }),
      ),
    ).rejects.toThrow(/RedrivePolicy/);
    await fake.stop();
  });

  it('long-polls until a message arrives', async () => {
    const fake = await startSqsFake();
    const client = clientFor(fake.endpoint);
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'poll' }),
    );
    const started = Date.now();
    const receiving = client.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }),
    );
    setTimeout(
      () =>
        void client.send(
          new SendMessageCommand({ QueueUrl, MessageBody: 'late' }),
        ),
      300,
    );
    const { Messages } = await receiving;
    expect(Messages?.[0].Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(4000);
    await fake.stop();
  });

  it('answers a short poll of a small queue empty every other time when asked to, as SQS may; a long poll at once', async () => {
    const fake = await startSqsFake({ shortPollsMiss: true });
    const client = clientFor(fake.endpoint);
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: 'sampled' }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    const short = async () =>
      (
        await client.send(
          new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }),
        )
      ).Messages ?? [];
    expect((await short()).length).toBe(0);
    expect((await short()).map(m => m.Body)).toEqual(['a']);
    expect((await short()).length).toBe(0);
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 0,
      }),
    );
    expect(Messages.map(m => m.Body)).toEqual(['a']);
    await fake.stop();
  });
});
