import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from '../ports/DeadLetterQueue';
import { fromSqsAttributes, toSqsAttributes } from './sqsAttributes';
import { DEAD_LETTER_WAIT_SECONDS } from './sqsLimits';

export interface SqsDeadLetterQueueOptions {
  client: SQSClient;
  /** The queue whose dead letters these are: where a re-driven letter goes back to. */
  queueUrl: string;
  /** Its dead-letter queue (the RedrivePolicy's deadLetterTargetArn). */
  deadLetterQueueUrl: string;
  /** How long a received dead letter stays hidden from others. Default 120 s. */
  lockSeconds?: number;
}

/**
 * Dead letters on Amazon SQS. A dead-letter queue is an ordinary queue: SQS moves a message there
 * after `maxReceiveCount` receives with its body and message attributes as they were and no
 * reason of its own ("Using dead-letter queues in Amazon SQS",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html);
 * the applier copies a poison event there itself, with a `DeadLetterReason` attribute. A letter is
 * re-driven by sending it to the source queue with a message timer (DelaySeconds, at most 900 s:
 * "Amazon SQS message timers",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html)
 * and then deleting it; should the process die between the two, the letter comes back after its
 * lock and is sent again, which the idempotent applier absorbs.
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(private readonly options: SqsDeadLetterQueueOptions) {}

  async receive(max: number): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    while (out.length < max) {
      const { Messages = [] } = await this.options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.deadLetterQueueUrl,
          // SQS returns at most 10 messages a receive.
          MaxNumberOfMessages: Math.min(10, max - out.length),
          VisibilityTimeout: this.options.lockSeconds ?? 120,
          // A short poll may answer empty while letters wait, ending the run with them unseen.
          WaitTimeSeconds: DEAD_LETTER_WAIT_SECONDS,
          MessageAttributeNames: ['All'],
        }),
      );
      if (!Messages.length) break;
      for (const m of Messages)
        out.push({
          id: m.MessageId ?? '',
          body: m.Body ?? '',
          attributes: fromSqsAttributes(m),
          handle: m.ReceiptHandle,
        });
    }
    return out;
  }

  async redrive(
    letter: DeadLetter,
    attributes: Record<string, string>,
    delayMs: number,
  ): Promise<void> {
    await this.options.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: letter.body,
        DelaySeconds: Math.min(900, Math.max(0, Math.round(delayMs / 1000))),
        MessageAttributes: toSqsAttributes(attributes),
      }),
    );
    await this.options.client.send(
      new DeleteMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        ReceiptHandle: letter.handle as string,
      }),
    );
  }

  async release(letter: DeadLetter): Promise<void> {
    await this.options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        ReceiptHandle: letter.handle as string,
        VisibilityTimeout: 0,
      }),
    );
  }
}
