import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsTransport, toBatchItemFailures } from './SqsTransport';

describe('SqsTransport error paths the fake cannot produce', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  it('fails the send, naming the messages, when SQS refuses part of a batch', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
      Failed: [
        {
          Id: '1',
          SenderFault: false,
          Code: 'InternalError',
          Message: 'try again',
        },
      ],
    });
    const transport = new SqsTransport({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'q',
      deadLetterQueueUrl: 'dlq',
    });
    await expect(
      transport.send([
        { id: 'event-a', body: 'a' },
        { id: 'event-b', body: 'b' },
      ]),
    ).rejects.toThrow(
      /refused 1 of 2 messages: event-b: InternalError try again/,
    );
  });

  it('propagates throttling so the relay keeps its checkpoint and retries', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejects(
        Object.assign(new Error('Rate exceeded'), { name: 'RequestThrottled' }),
      );
    const transport = new SqsTransport({
      client: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'q',
      deadLetterQueueUrl: 'dlq',
    });
    await expect(transport.send([{ id: 'x', body: 'x' }])).rejects.toThrow(
      'Rate exceeded',
    );
  });

  it('reports only failed records for a partial batch response', () => {
    expect(
      toBatchItemFailures([
        { messageId: 'a', ok: true },
        { messageId: 'b', ok: false },
      ]),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
  });
});
