import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
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
import { fromSqsAttributes, toSqsAttributes } from './sqsAttributes';
import {
  DEAD_LETTER_WAIT_SECONDS,
  SQS_BATCH_BYTES,
  sqsMessageBytes,
} from './sqsLimits';

const BATCH = 10;
/**
 * How long a replay holds the dead letters it has received before it moves them: long enough
 * to receive and move thousands (three calls each), far below SQS's 12-hour limit. A replay
 * that dies holds them that long; one that fails releases them at once.
 */
const REPLAY_HOLD_SECONDS = 300;

/**
 * Sends to one SQS queue in SendMessageBatch calls of at most 10 messages (the API's limit) and
 * `SQS_BATCH_BYTES` in all. A message larger than that alone goes in a batch of its own, which
 * SQS refuses with its reason (the payload contract keeps every event well under it).
 */
export class SqsSender implements MessageSender {
  constructor(
    private readonly options: { client: SQSClient; queueUrl: string },
  ) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    for (const chunk of sqsBatches(messages)) {
      const result = await this.options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map(({ message: m, attributes }, j) => ({
            Id: String(j),
            MessageBody: m.body,
            MessageAttributes: toSqsAttributes(attributes),
          })),
        }),
      );
      if (result.Failed?.length) {
        const reasons = result.Failed.map(f =>
          `${chunk[Number(f.Id)].message.id}: ${f.Code} ${
            f.Message ?? ''
          }`.trim(),
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
    return (await this.receiveRaw(queueUrl, options)).map(fromSqs);
  }

  private async receiveRaw(
    queueUrl: string,
    options: ReceiveOptions & { visibilityTimeoutSeconds?: number },
  ): Promise<Message[]> {
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
    return Messages;
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
        MessageAttributes: toSqsAttributes({
          ...message.attributes,
          DeadLetterReason: reason.slice(0, 1024),
        }),
      }),
    );
    await this.ack(message);
  }

  /**
   * Moves back every dead letter present when the replay starts, each exactly once, duplicates
   * with one body included (the same event dead-lettered twice is two letters, and each goes).
   * In two steps, because a letter refused again while the replay runs (a poison event is
   * dead-lettered again within milliseconds, by AWS's apply as a new message with a new id and
   * none of its attributes) must not be moved a second time: first every letter is received and
   * held invisible, then the held ones are moved, and nothing is received after the first move,
   * so what comes back waits in the dead-letter queue for the next replay.
   */
  async replayDeadLetters(options: { max?: number } = {}): Promise<number> {
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const dlq = this.options.deadLetterQueueUrl;
    const held = new Map<string, ReceivedMessage>();
    let moved = 0;
    try {
      await this.holdDeadLetters(held, max);
      for (const m of held.values()) {
        const { DeadLetterReason: _reason, ...attributes } = m.attributes;
        await this.send([
          { id: attributes.message_id ?? m.id, body: m.body, attributes },
        ]);
        await this.deleteFrom(dlq, m);
        moved += 1;
      }
    } finally {
      // Visible again at once what was held and not moved (a call failed), for the next replay.
      for (const m of [...held.values()].slice(moved))
        await this.releaseIn(dlq, m);
    }
    return moved;
  }

  /**
   * Receives up to `max` dead letters into `held`, by the id SQS gave each message (two letters
   * with one body are two messages), each invisible for REPLAY_HOLD_SECONDS. Should that run out
   * while receiving, a letter received again replaces its entry: a delete with any but the latest
   * receipt handle "will still succeed, but the message might not be deleted" ("DeleteMessage",
   * Amazon SQS API Reference:
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html).
   * A batch with no new letter ends it, so a queue too long to hold at once cannot keep it going.
   */
  private async holdDeadLetters(
    held: Map<string, ReceivedMessage>,
    max: number,
  ): Promise<void> {
    while (held.size < max) {
      const batch = await this.receiveRaw(this.options.deadLetterQueueUrl, {
        maxMessages: Math.min(BATCH, max - held.size),
        visibilityTimeoutSeconds: REPLAY_HOLD_SECONDS,
        waitTimeMs: DEAD_LETTER_WAIT_SECONDS * 1000,
      });
      const before = held.size;
      for (const m of batch) held.set(m.MessageId ?? '', fromSqs(m));
      if (held.size === before) return;
    }
  }

  async peekDeadLetters(max = 10): Promise<ReceivedMessage[]> {
    // SQS has no peek: receive with a zero visibility timeout leaves the messages where they are.
    return this.receiveFrom(this.options.deadLetterQueueUrl, {
      maxMessages: max,
      visibilityTimeoutSeconds: 0,
      waitTimeMs: DEAD_LETTER_WAIT_SECONDS * 1000,
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

/** Splits messages into SendMessageBatch calls: at most 10 and `SQS_BATCH_BYTES` each. */
function sqsBatches(messages: OutboundMessage[]) {
  const batches: {
    message: OutboundMessage;
    attributes: Record<string, string>;
  }[][] = [];
  let batch: (typeof batches)[number] = [];
  let bytes = 0;
  for (const message of messages) {
    const attributes = { ...message.attributes, message_id: message.id };
    const size = sqsMessageBytes(message.body, attributes);
    if (
      batch.length &&
      (batch.length === BATCH || bytes + size > SQS_BATCH_BYTES)
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ message, attributes });
    bytes += size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

function fromSqs(m: Message): ReceivedMessage {
  const attributes = fromSqsAttributes(m);
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
