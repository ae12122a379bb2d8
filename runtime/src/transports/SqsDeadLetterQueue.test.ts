import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeadLetterQueue } from './SqsDeadLetterQueue';

describe('SqsDeadLetterQueue', () => {
  it('reads the dead letters with long polls, which SQS answers from every server (a short poll may answer empty while letters wait)', async () => {
    const sent: ReceiveMessageCommand[] = [];
    const answers = [
      { Messages: [{ MessageId: 'm-1', Body: '{}', ReceiptHandle: 'h-1' }] },
      { Messages: [] },
    ];
    const client = {
      send: async (command: ReceiveMessageCommand) => {
        sent.push(command);
        return answers.shift() ?? { Messages: [] };
      },
    } as unknown as SQSClient;
    const letters = await new SqsDeadLetterQueue({
      client,
      queueUrl: 'inbound',
      deadLetterQueueUrl: 'inbound-dlq',
    }).receive(100);
    expect(letters.map(l => l.id)).toEqual(['m-1']);
    expect(sent).toHaveLength(2);
    for (const command of sent) {
      expect(command).toBeInstanceOf(ReceiveMessageCommand);
      expect(command.input.WaitTimeSeconds).toBeGreaterThanOrEqual(1);
    }
  });
});
