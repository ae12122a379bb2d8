import { bodyDigest } from './bodyDigest';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type {
  MessageSender,
  OutboundMessage,
  QueueDepth,
  ReceivedMessage,
  ReceiveOptions,
  Transport,
} from '../ports/Transport';

const BATCH = 10;

/** Sends to one SQS queue, in SendMessageBatch calls of at most 10 messages (the API's limit). */
export class SqsSender implements MessageSender {
  constructor(
    private readonly options: { client: SQSClient; queueUrl: string },
  ) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += BATCH) {
      const chunk = messages.slice(i, i + BATCH);
      const result = await this.options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((m, j) => ({
            Id: String(j),
            MessageBody: m.body,
            MessageAttributes: toAttributes({
              ...m.attributes,
              message_id: m.id,
            }),
          })),
        }),
      );
      if (result.Failed?.length) {
        const reasons = result.Failed.map(f =>
          `${chunk[Number(f.Id)].id}: ${f.Code} ${f.Message ?? ''}`.trim(),
        );
        throw new Error(
          `SQS refused ${result.Failed.length} of ${
            chunk.length
          } messages: ${reasons.join('; ')}`,
        );
      }
    }
  }

  async close(): Promise<void> {}
}

export interface SqsTransportOptions {
  client: SQSClient;
  queueUrl: string;
  /** The queue's dead-letter queue (its RedrivePolicy target). */
  deadLetterQueueUrl: string;
}

/**
 * The Transport on Amazon SQS. Redelivery and dead-lettering after maxReceiveCount are the
 * queue's RedrivePolicy; `deadLetter` moves a poison message at once (copy to the DLQ with the
 * reason, then delete), and replay moves dead letters back.
 */
export class SqsTransport implements Transport {
  private readonly sender: SqsSender;

  constructor(private readonly options: SqsTransportOptions) {
    this.sender = new SqsSender(options);
  }

  send(messages: OutboundMessage[]): Promise<void> {
    return this.sender.send(messages);
  }

  async receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    return this.receiveFrom(this.options.queueUrl, options);
  }

  private async receiveFrom(
    queueUrl: string,
    options: ReceiveOptions & { visibilityTimeoutSeconds?: number },
  ) {
    const { Messages = [] } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(options.maxMessages ?? BATCH, BATCH),
        WaitTimeSeconds: Math.round((options.waitTimeMs ?? 0) / 1000),
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages.map(fromSqs);
  }

  async ack(message: ReceivedMessage): Promise<void> {
    await this.deleteFrom(this.options.queueUrl, message);
  }

  async release(message: ReceivedMessage): Promise<void> {
    await this.releaseIn(this.options.queueUrl, message);
  }

  /** Deletes a received message from the queue it came from (the inbound or dead-letter one). */
  private async deleteFrom(queueUrl: string, message: ReceivedMessage) {
    await this.options.client.send(
      new DeleteMessageCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: message.handle as string,
      }),
    );
  }

  /** Makes a received message visible again at once in the queue it came from. */
  private async releaseIn(queueUrl: string, message: ReceivedMessage) {
    await this.options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: message.handle as string,
        VisibilityTimeout: 0,
      }),
    );
  }

  async deadLetter(message: ReceivedMessage, reason: string): Promise<void> {
    await this.options.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: message.body,
        MessageAttributes: toAttributes({
          ...message.attributes,
          DeadLetterReason: reason.slice(0, 1024),
        }),
      }),
    );
    await this.ack(message);
  }

  /**
   * Moves the dead letters back, each once: a letter refused again while the replay runs (a
   * poison event is dead-lettered again within milliseconds) comes back as a new message, with
   * a new id and, from the apply function, without its attributes: only its body is the same.
   * One whose body this replay has moved already is held invisible and left in the dead-letter
   * queue at the end, instead of being moved again and again. (Two letters with one body are
   * the same event twice: one goes per replay.)
   */
  async replayDeadLetters(options: { max?: number } = {}): Promise<number> {
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const movedBodies = new Set<string>();
    const cameBack: ReceivedMessage[] = [];
    try {
      while (movedBodies.size < max) {
        const batch = await this.receiveFrom(this.options.deadLetterQueueUrl, {
          maxMessages: Math.min(BATCH, max - movedBodies.size),
          visibilityTimeoutSeconds: 30,
        });
        if (!batch.length) break;
        for (const m of batch) {
          const { DeadLetterReason: _reason, ...attributes } = m.attributes;
          const body = bodyDigest(m.body);
          if (movedBodies.has(body)) {
            cameBack.push(m);
            continue;
          }
          await this.send([
            { id: attributes.message_id ?? m.id, body: m.body, attributes },
          ]);
          await this.deleteFrom(this.options.deadLetterQueueUrl, m);
          movedBodies.add(body);
        }
      }
    } finally {
      // Visible again at once, for a person to see and for the next replay.
      for (const m of cameBack)
        await this.releaseIn(this.options.deadLetterQueueUrl, m);
    }
    return movedBodies.size;
  }

  async peekDeadLetters(max = 10): Promise<ReceivedMessage[]> {
    // SQS has no peek: receive with a zero visibility timeout leaves the messages where they are.
    return this.receiveFrom(this.options.deadLetterQueueUrl, {
      maxMessages: max,
      visibilityTimeoutSeconds: 0,
    });
  }

  async depth(): Promise<QueueDepth> {
    const [queue, dlq] = await Promise.all(
      [this.options.queueUrl, this.options.deadLetterQueueUrl].map(QueueUrl =>
        this.options.client.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
            ],
          }),
        ),
      ),
    );
    return {
      active: Number(queue.Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(
        queue.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0,
      ),
      deadLettered:
        Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(dlq.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  async close(): Promise<void> {
    this.options.client.destroy();
  }
}

function toAttributes(
  attributes: Record<string, string> = {},
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [
      k,
      { DataType: 'String', StringValue: v },
    ]),
  );
}

function fromSqs(m: Message): ReceivedMessage {
  const attributes = Object.fromEntries(
    Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
      k,
      v.StringValue ?? '',
    ]),
  );
  return {
    id: attributes.message_id ?? m.MessageId ?? '',
    body: m.Body ?? '',
    attributes,
    deliveryCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
    handle: m.ReceiptHandle,
  };
}

/** Lambda's SQS partial batch response from per-record outcomes: only failed records are retried. */
export function toBatchItemFailures(
  outcomes: { messageId: string; ok: boolean }[],
) {
  return {
    batchItemFailures: outcomes
      .filter(o => !o.ok)
      .map(o => ({ itemIdentifier: o.messageId })),
  };
}
