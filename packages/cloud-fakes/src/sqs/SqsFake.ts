/**
 * A local SQS that today's @aws-sdk/client-sqs talks to unchanged: the JSON protocol
 * (`application/x-amz-json-1.0`, `X-Amz-Target: AmazonSQS.<Operation>`). No emulator that speaks
 * it runs here (sqslite knows only the old query protocol), hence this fake. README.md says what
 * it does not imitate. State is journaled to disk before each answer, so a restart loses nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseSqsTarget } from './sqsTarget';

const ACCOUNT = '000000000000';
const REGION = 'local';

interface Message {
  id: string;
  body: string;
  attributes: Record<string, unknown>;
  sentAt: number;
  /** A message timer (DelaySeconds): hidden from receivers until then. */
  delayedUntil?: number;
  receiveCount: number;
  invisibleUntil: number;
  receipt?: string;
}

interface Queue {
  name: string;
  attributes: Record<string, string>;
  messages: Message[];
}

/**
 * The largest message, and the largest SendMessageBatch: "The maximum allowed individual message
 * size and the maximum total payload size (the sum of the individual lengths of all of the
 * batched messages) are both 256 KiB (262,144 bytes)" (SendMessageBatch, Amazon SQS API
 * Reference, as the China regions' copy still reads; the commercial regions' copy says 1 MiB
 * since August 2025). The fake plays the smaller limit, so code that passes here passes in every
 * region.
 */
const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * A message's size as SQS counts it: the body, and "All parts of the message attribute,
 * including Name, Type, and Value, are part of the message size restriction"
 * (MessageAttributeValue, Amazon SQS API Reference).
 */
function messageBytes(body: string, attributes?: Record<string, unknown>) {
  let bytes = Buffer.byteLength(body);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const v = (value ?? {}) as {
      DataType?: string;
      StringValue?: string;
      BinaryValue?: string;
    };
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(v.DataType ?? '') +
      Buffer.byteLength(v.StringValue ?? '') +
      (v.BinaryValue ? Buffer.from(v.BinaryValue, 'base64').length : 0);
  }
  return bytes;
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly queryError: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Op =
  | { op: 'create'; name: string; attributes: Record<string, string> }
  | { op: 'attrs'; name: string; attributes: Record<string, string> }
  | {
      op: 'send';
      name: string;
      message: Omit<Message, 'invisibleUntil' | 'receipt'>;
    }
  | { op: 'received'; name: string; id: string }
  | { op: 'delete'; name: string; id: string }
  | { op: 'move'; from: string; to: string; id: string }
  | { op: 'purge'; name: string };

export interface SqsFakeOptions {
  port?: number;
  /** Where the journal lives; in memory only when omitted. */
  dataDir?: string;
  now?: () => number;
  /**
   * Short polls of a queue with few messages answer empty every other time, starting with the
   * first, as SQS warns they may: "Short poll is the default behavior where a weighted random set
   * of machines is sampled on a ReceiveMessage call ... If the number of messages in the queue is
   * extremely small, you might not receive any messages in a particular ReceiveMessage response"
   * (ReceiveMessage, Amazon SQS API Reference). Off by default (the sandbox's pollers long-poll,
   * as Lambda's does); on, it shows whether a reader keeps asking or long-polls.
   */
  shortPollsMiss?: boolean;
}

export interface RunningSqsFake {
  endpoint: string;
  stop(): Promise<void>;
  /** The queue's URL as CreateQueue answers it. */
  queueUrl(name: string): string;
}

export class SqsFake {
  private readonly queues = new Map<string, Queue>();
  private readonly journal?: string;
  private readonly now: () => number;
  private readonly waiters = new Set<() => void>();
  private endpoint = '';
  private readonly shortPollsMiss: boolean;
  /** Queues whose last short poll answered empty (`shortPollsMiss`): the next one serves. */
  private readonly missedLast = new Set<string>();

  constructor(options: SqsFakeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.shortPollsMiss = options.shortPollsMiss ?? false;
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.journal = join(options.dataDir, 'sqs-journal.ndjson');
      if (existsSync(this.journal)) {
        for (const line of readFileSync(this.journal, 'utf8').split('\n')) {
          if (line.trim()) this.replay(JSON.parse(line) as Op);
        }
      }
    }
  }

  async listen(port = 0): Promise<RunningSqsFake> {
    const server: Server = createServer((req, res) => this.serve(req, res));
    await new Promise<void>(resolve =>
      server.listen(port, '127.0.0.1', resolve),
    );
    this.endpoint = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    return {
      endpoint: this.endpoint,
      queueUrl: name => `${this.endpoint}/${ACCOUNT}/${name}`,
      stop: () =>
        new Promise(resolve => {
          for (const wake of this.waiters) wake();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  private record(op: Op) {
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(op)}\n`);
    this.replay(op);
  }

  private replay(op: Op) {
    switch (op.op) {
      case 'create':
        if (!this.queues.has(op.name))
          this.queues.set(op.name, {
            name: op.name,
            attributes: { ...op.attributes },
            messages: [],
          });
        break;
      case 'attrs':
        Object.assign(this.queues.get(op.name)!.attributes, op.attributes);
        break;
      case 'send':
        this.queues.get(op.name)!.messages.push({
          ...op.message,
          invisibleUntil: op.message.delayedUntil ?? 0,
        });
        break;
      case 'received': {
        const m = this.queues.get(op.name)!.messages.find(x => x.id === op.id);
        if (m) m.receiveCount += 1;
        break;
      }
      case 'delete': {
        const q = this.queues.get(op.name)!;
        q.messages = q.messages.filter(x => x.id !== op.id);
        break;
      }
      case 'move': {
        const from = this.queues.get(op.from)!;
        const m = from.messages.find(x => x.id === op.id);
        if (!m) break;
        from.messages = from.messages.filter(x => x !== m);
        this.queues.get(op.to)?.messages.push({
          ...m,
          receiveCount: 0,
          invisibleUntil: 0,
          receipt: undefined,
        });
        break;
      }
      case 'purge':
        this.queues.get(op.name)!.messages = [];
        break;
      default:
        throw new Error(`unknown journal entry ${JSON.stringify(op)}`);
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const operation = parseSqsTarget(
        req.headers['x-amz-target'] as string | undefined,
      );
      if (req.method !== 'POST' || !operation) {
        throw new SqsError(
          'InvalidAction',
          'only the SQS JSON protocol is served here',
          'InvalidAction;Sender',
        );
      }
      const input = chunks.length
        ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
        : {};
      const handler = (this as any)[`op${operation}`] as
        | ((input: any) => unknown)
        | undefined;
      if (!handler)
        throw new SqsError(
          'UnsupportedOperation',
          `${operation} is not supported by this fake`,
          'AWS.SimpleQueueService.UnsupportedOperation;Sender',
        );
      const output = await handler.call(this, input);
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': randomUUID(),
      });
      res.end(JSON.stringify(output ?? {}));
    } catch (error) {
      const e =
        error instanceof SqsError
          ? error
          : new SqsError(
              'InternalError',
              String(error),
              'InternalError;Receiver',
              500,
            );
      res.writeHead(e.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': e.queryError,
        'x-amzn-requestid': randomUUID(),
      });
      res.end(
        JSON.stringify({
          __type: `com.amazonaws.sqs#${e.type}`,
          message: e.message,
        }),
      );
    }
  }

  private queueOf(url: unknown): Queue {
    const name = typeof url === 'string' ? url.split('/').pop() : undefined;
    const q = name ? this.queues.get(name) : undefined;
    if (!q)
      throw new SqsError(
        'QueueDoesNotExist',
        `The specified queue does not exist: ${String(url)}`,
        'AWS.SimpleQueueService.NonExistentQueue;Sender',
      );
    return q;
  }

  private arn(name: string) {
    return `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
  }

  private url(name: string) {
    return `${this.endpoint}/${ACCOUNT}/${name}`;
  }

  private wake() {
    for (const w of [...this.waiters]) w();
  }

  opCreateQueue(input: {
    QueueName: string;
    Attributes?: Record<string, string>;
  }) {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(input.QueueName ?? '')) {
      throw new SqsError(
        'InvalidParameterValue',
        'queue names are 1 to 80 letters, digits, dashes and underscores',
        'InvalidParameterValue;Sender',
      );
    }
    if (input.Attributes?.RedrivePolicy)
      this.checkRedrive(input.Attributes.RedrivePolicy);
    if (!this.queues.has(input.QueueName))
      this.record({
        op: 'create',
        name: input.QueueName,
        attributes: input.Attributes ?? {},
      });
    return { QueueUrl: this.url(input.QueueName) };
  }

  opGetQueueUrl(input: { QueueName: string }) {
    if (!this.queues.has(input.QueueName)) {
      throw new SqsError(
        'QueueDoesNotExist',
        `The specified queue does not exist: ${input.QueueName}`,
        'AWS.SimpleQueueService.NonExistentQueue;Sender',
      );
    }
    return { QueueUrl: this.url(input.QueueName) };
  }

  opListQueues(input: { QueueNamePrefix?: string }) {
    return {
      QueueUrls: [...this.queues.keys()]
        .filter(n => n.startsWith(input.QueueNamePrefix ?? ''))
        .map(n => this.url(n)),
    };
  }

  opSetQueueAttributes(input: {
    QueueUrl: string;
    Attributes: Record<string, string>;
  }) {
    const q = this.queueOf(input.QueueUrl);
    if (input.Attributes?.RedrivePolicy)
      this.checkRedrive(input.Attributes.RedrivePolicy);
    this.record({
      op: 'attrs',
      name: q.name,
      attributes: input.Attributes ?? {},
    });
    return {};
  }

  opGetQueueAttributes(input: { QueueUrl: string }) {
    const q = this.queueOf(input.QueueUrl);
    const now = this.now();
    const delayed = q.messages.filter(
      m => m.receiveCount === 0 && (m.delayedUntil ?? 0) > now,
    ).length;
    const inFlight =
      q.messages.filter(m => m.invisibleUntil > now).length - delayed;
    return {
      Attributes: {
        VisibilityTimeout: '30',
        ...q.attributes,
        QueueArn: this.arn(q.name),
        ApproximateNumberOfMessages: String(
          q.messages.length - inFlight - delayed,
        ),
        ApproximateNumberOfMessagesNotVisible: String(inFlight),
        ApproximateNumberOfMessagesDelayed: String(delayed),
      },
    };
  }

  opPurgeQueue(input: { QueueUrl: string }) {
    this.record({ op: 'purge', name: this.queueOf(input.QueueUrl).name });
    return {};
  }

  opSendMessage(input: {
    QueueUrl: string;
    MessageBody: string;
    MessageAttributes?: Record<string, unknown>;
    DelaySeconds?: number;
  }) {
    const q = this.queueOf(input.QueueUrl);
    return this.enqueue(
      q,
      input.MessageBody,
      input.MessageAttributes,
      input.DelaySeconds,
    );
  }

  opSendMessageBatch(input: {
    QueueUrl: string;
    Entries: {
      Id: string;
      MessageBody: string;
      MessageAttributes?: Record<string, unknown>;
      DelaySeconds?: number;
    }[];
  }) {
    const q = this.queueOf(input.QueueUrl);
    const entries = input.Entries ?? [];
    if (entries.length === 0)
      throw new SqsError(
        'EmptyBatchRequest',
        'The batch request doesn’t contain any entries.',
        'AWS.SimpleQueueService.EmptyBatchRequest;Sender',
      );
    if (entries.length > 10)
      throw new SqsError(
        'TooManyEntriesInBatchRequest',
        'Maximum number of entries per request are 10.',
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest;Sender',
      );
    const total = entries.reduce(
      (sum, e) => sum + messageBytes(e.MessageBody ?? '', e.MessageAttributes),
      0,
    );
    if (total > MAX_PAYLOAD_BYTES)
      throw new SqsError(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${MAX_PAYLOAD_BYTES} bytes. You have sent ${total} bytes.`,
        'AWS.SimpleQueueService.BatchRequestTooLong;Sender',
      );
    const Successful = [];
    const Failed = [];
    for (const e of entries) {
      if (typeof e.MessageBody !== 'string' || e.MessageBody.length === 0) {
        Failed.push({
          Id: e.Id,
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: 'The message body must not be empty',
        });
        continue;
      }
      Successful.push({
        Id: e.Id,
        ...this.enqueue(q, e.MessageBody, e.MessageAttributes, e.DelaySeconds),
      });
    }
    return { Successful, Failed };
  }

  private enqueue(
    q: Queue,
    body: string,
    attributes?: Record<string, unknown>,
    delaySeconds?: number,
  ) {
    // "Valid values: 0 to 900. Maximum: 15 minutes" (SendMessage, DelaySeconds; Amazon SQS API
    // Reference, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
    const delay = delaySeconds ?? Number(q.attributes.DelaySeconds ?? 0);
    if (!Number.isInteger(delay) || delay < 0 || delay > 900)
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${delaySeconds} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.`,
        'InvalidParameterValue;Sender',
      );
    if (messageBytes(body, attributes) > MAX_PAYLOAD_BYTES) {
      throw new SqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_PAYLOAD_BYTES} bytes.`,
        'InvalidParameterValue;Sender',
      );
    }
    const message = {
      id: randomUUID(),
      body,
      attributes: attributes ?? {},
      sentAt: this.now(),
      receiveCount: 0,
      ...(delay ? { delayedUntil: this.now() + delay * 1000 } : {}),
    };
    this.record({ op: 'send', name: q.name, message });
    this.wake();
    return { MessageId: message.id, MD5OfMessageBody: md5(body) };
  }

  async opReceiveMessage(input: {
    QueueUrl: string;
    MaxNumberOfMessages?: number;
    WaitTimeSeconds?: number;
    VisibilityTimeout?: number;
  }) {
    const q = this.queueOf(input.QueueUrl);
    const max = Math.min(Math.max(input.MaxNumberOfMessages ?? 1, 1), 10);
    const waitMs =
      Math.min(
        input.WaitTimeSeconds ??
          Number(q.attributes.ReceiveMessageWaitTimeSeconds ?? 0),
        20,
      ) * 1000;
    // "fewer than 1,000" messages is where the API reference says a short poll returns fewer.
    if (
      this.shortPollsMiss &&
      waitMs === 0 &&
      q.messages.length < 1000 &&
      !this.missedLast.delete(q.name)
    ) {
      this.missedLast.add(q.name);
      return { Messages: [] };
    }
    const deadline = this.now() + waitMs;
    for (;;) {
      const messages = this.take(q, max, input.VisibilityTimeout);
      if (messages.length || this.now() >= deadline)
        return { Messages: messages };
      await new Promise<void>(resolve => {
        const timer = setTimeout(
          done,
          Math.min(200, Math.max(0, deadline - this.now())),
        );
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  private take(q: Queue, max: number, visibilitySeconds?: number) {
    const now = this.now();
    const visibilityMs =
      (visibilitySeconds ?? Number(q.attributes.VisibilityTimeout ?? 30)) *
      1000;
    const redrive = q.attributes.RedrivePolicy
      ? JSON.parse(q.attributes.RedrivePolicy)
      : undefined;
    const out = [];
    for (const m of [...q.messages]) {
      if (out.length >= max) break;
      if (m.invisibleUntil > now) continue;
      if (redrive && m.receiveCount >= Number(redrive.maxReceiveCount)) {
        this.record({
          op: 'move',
          from: q.name,
          to: String(redrive.deadLetterTargetArn).split(':').pop()!,
          id: m.id,
        });
        continue;
      }
      this.record({ op: 'received', name: q.name, id: m.id });
      m.invisibleUntil = now + visibilityMs;
      m.receipt = `${m.id}:${randomUUID()}`;
      out.push({
        MessageId: m.id,
        ReceiptHandle: m.receipt,
        MD5OfBody: md5(m.body),
        Body: m.body,
        Attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          ApproximateFirstReceiveTimestamp: String(now),
        },
        ...(Object.keys(m.attributes).length
          ? { MessageAttributes: m.attributes }
          : {}),
      });
    }
    return out;
  }

  private byReceipt(q: Queue, receipt: string) {
    const m = q.messages.find(x => x.receipt === receipt);
    if (!m) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The receipt handle "${receipt}" is not valid.`,
        'ReceiptHandleIsInvalid;Sender',
      );
    }
    return m;
  }

  opDeleteMessage(input: { QueueUrl: string; ReceiptHandle: string }) {
    const q = this.queueOf(input.QueueUrl);
    const m = q.messages.find(x => x.receipt === input.ReceiptHandle);
    // SQS accepts deleting a message already deleted; an unknown handle of a live one is an error.
    if (m) this.record({ op: 'delete', name: q.name, id: m.id });
    return {};
  }

  opDeleteMessageBatch(input: {
    QueueUrl: string;
    Entries: { Id: string; ReceiptHandle: string }[];
  }) {
    const q = this.queueOf(input.QueueUrl);
    const Successful = [];
    for (const e of input.Entries ?? []) {
      const m = q.messages.find(x => x.receipt === e.ReceiptHandle);
      if (m) this.record({ op: 'delete', name: q.name, id: m.id });
      Successful.push({ Id: e.Id });
    }
    return { Successful, Failed: [] };
  }

  opChangeMessageVisibility(input: {
    QueueUrl: string;
    ReceiptHandle: string;
    VisibilityTimeout: number;
  }) {
    const q = this.queueOf(input.QueueUrl);
    const m = this.byReceipt(q, input.ReceiptHandle);
    m.invisibleUntil = this.now() + input.VisibilityTimeout * 1000;
    if (input.VisibilityTimeout === 0) this.wake();
    return {};
  }

  opChangeMessageVisibilityBatch(input: {
    QueueUrl: string;
    Entries: { Id: string; ReceiptHandle: string; VisibilityTimeout: number }[];
  }) {
    const Successful = [];
    const Failed = [];
    for (const e of input.Entries ?? []) {
      try {
        this.opChangeMessageVisibility({ QueueUrl: input.QueueUrl, ...e });
        Successful.push({ Id: e.Id });
      } catch (error) {
        Failed.push({
          Id: e.Id,
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: (error as Error).message,
        });
      }
    }
    return { Successful, Failed };
  }

  /** DLQ redrive: moves the dead letters back to the queues whose RedrivePolicy names this DLQ. */
  opStartMessageMoveTask(input: {
    SourceArn: string;
    DestinationArn?: string;
  }) {
    const dlqName = String(input.SourceArn).split(':').pop()!;
    const dlq = this.queues.get(dlqName);
    if (!dlq)
      throw new SqsError(
        'ResourceNotFoundException',
        `no queue ${input.SourceArn}`,
        'ResourceNotFoundException;Sender',
      );
    const destination =
      input.DestinationArn?.split(':').pop() ??
      [...this.queues.values()].find(
        q =>
          q.attributes.RedrivePolicy &&
          JSON.parse(q.attributes.RedrivePolicy).deadLetterTargetArn ===
            input.SourceArn,
      )?.name;
    if (!destination)
      throw new SqsError(
        'InvalidParameterValue',
        `no queue sends its dead letters to ${input.SourceArn}`,
        'InvalidParameterValue;Sender',
      );
    for (const m of [...dlq.messages])
      this.record({ op: 'move', from: dlqName, to: destination, id: m.id });
    this.wake();
    return { TaskHandle: randomUUID() };
  }

  private checkRedrive(policy: string) {
    let parsed: { deadLetterTargetArn?: string; maxReceiveCount?: unknown };
    try {
      parsed = JSON.parse(policy);
    } catch {
      throw new SqsError(
        'InvalidAttributeValue',
        'RedrivePolicy must be JSON',
        'InvalidAttributeValue;Sender',
      );
    }
    const name = parsed.deadLetterTargetArn?.split(':').pop();
    if (
      !name ||
      !this.queues.has(name) ||
      !(Number(parsed.maxReceiveCount) >= 1)
    ) {
      throw new SqsError(
        'InvalidAttributeValue',
        'RedrivePolicy needs an existing deadLetterTargetArn and a maxReceiveCount of at least 1',
        'InvalidAttributeValue;Sender',
      );
    }
  }
}

function md5(text: string) {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Starts a local SQS on 127.0.0.1 (port 0 picks a free one). */
export async function startSqsFake(
  options: SqsFakeOptions = {},
): Promise<RunningSqsFake> {
  return new SqsFake(options).listen(options.port ?? 0);
}
