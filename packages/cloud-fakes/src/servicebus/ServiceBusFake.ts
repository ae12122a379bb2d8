/**
 * A local Azure Service Bus that @azure/service-bus talks to unchanged over AMQP 1.0, built on
 * rhea listening as a server. No Service Bus emulator runs without Docker, hence this fake. It
 * serves what the runtime's ServiceBusTransport relies on: the `$cbs` token exchange, senders to a
 * queue, peek-lock receivers with complete / abandon / dead-letter, lock expiry, delivery counts,
 * max delivery count into `<queue>/$deadletterqueue`, and an HTTP side door for queue counts (the
 * real service answers those through its ATOM management API). README.md lists what it does not
 * imitate. State is journaled to disk before a send is accepted, so a restart loses nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rhea = require('rhea');

const DEAD_LETTER_SUFFIX = '/$deadletterqueue';
const BATCH_FORMAT = 0x80013700;
/** The SDK writes `$DeadLetterQueue`; the service matches entity paths without regard to case. */
const isDeadLetterAddress = (address: string) =>
  address.toLowerCase().endsWith(DEAD_LETTER_SUFFIX);

const OUTCOMES = {
  complete: () => rhea.message.accepted().described(),
  abandon: () => rhea.message.released().described(),
  'dead-letter': () =>
    rhea.message
      .rejected({ condition: 'com.microsoft:dead-letter' })
      .described(),
};

interface StoredMessage {
  id: string;
  sequence: number;
  enqueuedAt: number;
  /** rhea message fields, with a data section as base64 so it can be journaled. */
  fields: Record<string, unknown>;
  deliveryCount: number;
  /** A scheduled message (`x-opt-scheduled-enqueue-time`) is not delivered before then. */
  availableAt?: number;
  lockedUntil: number;
  /** The delivery holding the lock, while locked. */
  delivery?: any;
}

interface QueueState {
  name: string;
  messages: StoredMessage[];
  dead: StoredMessage[];
  waiting: Set<any>;
}

type Op =
  | {
      op: 'send';
      queue: string;
      message: Omit<StoredMessage, 'lockedUntil' | 'delivery'>;
      dead?: boolean;
    }
  | { op: 'delivered'; queue: string; id: string }
  | {
      op: 'modify';
      queue: string;
      id: string;
      properties: Record<string, unknown>;
    }
  | { op: 'remove'; queue: string; id: string }
  | {
      op: 'dead';
      queue: string;
      id: string;
      reason?: string;
      description?: string;
    };

export interface ServiceBusFakeOptions {
  port?: number;
  /** Port of the HTTP side door with queue counts (0 picks a free one). */
  adminPort?: number;
  dataDir?: string;
  /** Deliveries after which a message goes to the dead-letter sub-queue. */
  maxDeliveryCount?: number;
  lockDurationMs?: number;
  /** The largest message (or batch) a sender may send; 256 KB, the Standard tier's, by default. */
  maxMessageSizeBytes?: number;
  /** Queues that exist from the start; others are created on first use. */
  queues?: string[];
  /**
   * Also listen for AMQP over TLS, as the service does (port 5671): a client that authenticates
   * with a token credential instead of a connection string always connects with TLS (the
   * development-emulator switch is a connection string's). The certificate is the Cosmos DB
   * emulator's self-signed one, so clients must not verify it (local use only).
   */
  tls?: boolean;
}

export interface RunningServiceBusFake {
  /** A connection string the SDK accepts (`UseDevelopmentEmulator=true`: plain AMQP, no TLS). */
  connectionString: string;
  port: number;
  /** Base URL of the HTTP side door: `GET /queues/:name` → `{ active, inFlight, deadLettered }`. */
  adminUrl: string;
  /**
   * With `tls`: the AMQP-over-TLS address, for the SDK's `customEndpointAddress` beside a
   * namespace name and a token credential (`sb://127.0.0.1:<port>`).
   */
  tlsEndpoint?: string;
  stop(): Promise<void>;
}

export class ServiceBusFake {
  private readonly queues = new Map<string, QueueState>();
  private readonly journal?: string;
  private sequence = 0;
  private readonly maxDeliveryCount: number;
  private readonly lockDurationMs: number;
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly options: ServiceBusFakeOptions = {}) {
    this.maxDeliveryCount = options.maxDeliveryCount ?? 10;
    this.lockDurationMs = options.lockDurationMs ?? 30_000;
    for (const q of options.queues ?? []) this.queue(q);
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.journal = join(options.dataDir, 'servicebus-journal.ndjson');
      if (existsSync(this.journal)) {
        for (const line of readFileSync(this.journal, 'utf8').split('\n'))
          if (line.trim()) this.replay(JSON.parse(line));
      }
    }
  }

  /**
   * Operations on the wire since the start, for the cost figures (`GET /operations` on the side
   * door): `send` is one AMQP transfer to a queue (a batch of messages is one transfer),
   * `receive` one message delivered to a receiver, and one per settlement (`complete`,
   * `abandon`, `dead-letter`). Token puts and `$management` requests are not counted.
   */
  readonly operations: Record<string, number> = {};

  private count(operation: string) {
    this.operations[operation] = (this.operations[operation] ?? 0) + 1;
  }

  /** Queue counts as the management API would give them. */
  counts(name: string) {
    const q = this.queue(name);
    const now = Date.now();
    const inFlight = q.messages.filter(m => m.lockedUntil > now).length;
    const scheduled = q.messages.filter(m => (m.availableAt ?? 0) > now).length;
    return {
      active: q.messages.length - inFlight - scheduled,
      inFlight,
      deadLettered: q.dead.length,
    };
  }

  private queue(name: string): QueueState {
    let q = this.queues.get(name);
    if (!q) {
      q = { name, messages: [], dead: [], waiting: new Set() };
      this.queues.set(name, q);
    }
    return q;
  }

  private record(op: Op) {
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(op)}\n`);
    this.replay(op);
  }

  private replay(op: Op) {
    const q = this.queue(op.queue);
    switch (op.op) {
      case 'send':
        this.sequence = Math.max(this.sequence, op.message.sequence);
        (op.dead ? q.dead : q.messages).push({ ...op.message, lockedUntil: 0 });
        break;
      case 'delivered': {
        const m =
          q.messages.find(x => x.id === op.id) ??
          q.dead.find(x => x.id === op.id);
        if (m) m.deliveryCount += 1;
        break;
      }
      case 'modify': {
        const m =
          q.messages.find(x => x.id === op.id) ??
          q.dead.find(x => x.id === op.id);
        if (m)
          m.fields = {
            ...m.fields,
            application_properties: {
              ...((m.fields.application_properties as object) ?? {}),
              ...op.properties,
            },
          };
        break;
      }
      case 'remove':
        q.messages = q.messages.filter(x => x.id !== op.id);
        q.dead = q.dead.filter(x => x.id !== op.id);
        break;
      case 'dead': {
        const m = q.messages.find(x => x.id === op.id);
        if (!m) break;
        q.messages = q.messages.filter(x => x !== m);
        const props = {
          ...((m.fields.application_properties as object) ?? {}),
        } as Record<string, unknown>;
        if (op.reason !== undefined) props.DeadLetterReason = op.reason;
        if (op.description !== undefined)
          props.DeadLetterErrorDescription = op.description;
        q.dead.push({
          ...m,
          delivery: undefined,
          lockedUntil: 0,
          fields: { ...m.fields, application_properties: props },
        });
        break;
      }
      default:
        throw new Error(`unknown journal entry ${JSON.stringify(op)}`);
    }
  }

  async listen(): Promise<RunningServiceBusFake> {
    // The SDK abandons with the AMQP `modified` outcome; rhea would report it as `released` and
    // drop its message-annotations, the properties to modify.
    const container = rhea.create_container({
      id: 'servicebus-fake',
      treat_modified_as_released: false,
    });
    container.sasl_server_mechanisms.enable_anonymous();
    container.sasl_server_mechanisms.enable_plain(() => true);

    container.on('receiver_open', (context: any) => {
      const address: string =
        context.receiver.remote.attach.target?.address ?? '';
      // The service states its message size limit on the sender's link, which the SDK sizes
      // batches by: 256 KB on the Standard tier ("Azure Service Bus quotas").
      context.receiver.local.attach.max_message_size =
        this.options.maxMessageSizeBytes ?? 256 * 1024;
      context.receiver.set_target({ address });
      context.receiver.set_source(context.receiver.remote.attach.source);
    });
    container.on('sender_open', (context: any) => {
      const sender = context.sender;
      const address: string = sender.remote.attach.source?.address ?? '';
      sender.set_source({ address });
      sender.set_target(sender.remote.attach.target);
      if (address === '$cbs' || address.endsWith('$management')) return;
      sender.__queue = address;
      this.entity(address).waiting.add(sender);
    });
    container.on('sendable', (context: any) => this.pump(context.sender));
    // A receiver drains when its receive call is over: give the credit back at once and send
    // nothing more, or the message would sit locked in a client that no longer waits for it.
    container.on('sender_draining', (context: any) =>
      context.sender.set_drained(true),
    );
    container.on('sender_close', (context: any) => this.forget(context.sender));
    container.on('disconnected', (context: any) => {
      for (const q of this.queues.values()) {
        for (const s of [...q.waiting])
          if (s.connection === context.connection) q.waiting.delete(s);
      }
    });

    container.on('message', (context: any) => {
      const address: string = context.receiver.target?.address ?? '';
      if (address === '$cbs' || address.endsWith('$management')) {
        this.answerRequest(context, address);
        return;
      }
      this.count('send');
      const entity = this.entity(address);
      // A batch (message format 0x80013700) arrives undecoded: an envelope whose data sections
      // each hold one encoded message.
      let batch = [context.message];
      if (context.delivery.format === BATCH_FORMAT) {
        const envelope = rhea.message.decode(Buffer.from(context.message));
        const sections = envelope.body?.multiple
          ? envelope.body.content
          : [envelope.body?.content];
        batch = sections
          .filter(Boolean)
          .map((b: Buffer) => rhea.message.decode(Buffer.from(b)));
      }
      for (const m of batch) {
        // The SDK sends `scheduledEnqueueTimeUtc` as this annotation ("Scheduled messages",
        // https://learn.microsoft.com/azure/service-bus-messaging/message-sequencing#scheduled-messages).
        const scheduled =
          m.message_annotations?.['x-opt-scheduled-enqueue-time'];
        const message = {
          id: randomUUID(),
          sequence: ++this.sequence,
          enqueuedAt: Date.now(),
          fields: toJournal(m),
          deliveryCount: 0,
          ...(scheduled ? { availableAt: new Date(scheduled).getTime() } : {}),
        };
        this.record({
          op: 'send',
          queue: entity.name,
          message,
          dead: isDeadLetterAddress(address),
        });
      }
      for (const s of entity.waiting) this.pump(s);
    });

    container.on('accepted', (context: any) =>
      this.settle(context, 'complete'),
    );
    container.on('released', (context: any) => this.settle(context, 'abandon'));
    /**
     * Abandon (and defer) as the SDK sends them: `modified` with `undeliverable-here` false (true
     * is defer, not imitated) and the properties to modify as its message-annotations, which the
     * service merges into the message's application properties ("AMQP 1.0 in Azure Service Bus
     * and Event Hubs protocol guide", https://learn.microsoft.com/azure/service-bus-messaging/service-bus-amqp-protocol-guide;
     * `ServiceBusReceiver.abandonMessage(message, propertiesToModify)`: "The properties of the
     * message to modify while abandoning the message"). It counts as a delivery, as every abandon.
     */
    container.on('modified', (context: any) => {
      const delivery = context.delivery;
      const m: StoredMessage | undefined = delivery.__message;
      const properties = delivery.remote_state?.message_annotations;
      if (m && m.delivery === delivery && properties)
        this.record({
          op: 'modify',
          queue: delivery.__queue,
          id: m.id,
          properties: { ...properties },
        });
      this.settle(context, 'abandon');
    });
    container.on('rejected', (context: any) =>
      this.settle(context, 'dead-letter'),
    );

    const listener = container.listen({
      port: this.options.port ?? 0,
      host: '127.0.0.1',
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('listening', resolve);
      listener.once('error', reject);
    });
    const port = (listener.address() as AddressInfo).port;
    let tlsListener: any;
    if (this.options.tls) {
      const certificates = dirname(
        require.resolve('@vercel/cosmosdb-server/package.json'),
      );
      tlsListener = container.listen({
        port: 0,
        host: '127.0.0.1',
        transport: 'tls',
        key: readFileSync(join(certificates, 'key.pem')),
        cert: readFileSync(join(certificates, 'cert.pem')),
      });
      await new Promise<void>((resolve, reject) => {
        tlsListener.once('listening', resolve);
        tlsListener.once('error', reject);
      });
    }

    const admin: HttpServer = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/operations') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(this.operations));
        return;
      }
      const match = /^\/queues\/([^/?]+)/.exec(req.url ?? '');
      if (req.method !== 'GET' || !match) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"GET /queues/:name"}}');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(this.counts(decodeURIComponent(match[1]))));
    });
    await new Promise<void>(resolve =>
      admin.listen(this.options.adminPort ?? 0, '127.0.0.1', resolve),
    );

    // Expired locks make messages deliverable again, as the service does; so does the time of a
    // scheduled message.
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const q of this.queues.values()) {
        const due = q.messages.filter(
          m => m.availableAt !== undefined && m.availableAt <= now,
        );
        for (const m of due) m.availableAt = undefined;
        if (
          due.length ||
          q.messages.some(m => m.delivery && m.lockedUntil <= now)
        ) {
          for (const m of q.messages)
            if (m.delivery && m.lockedUntil <= now) m.delivery = undefined;
          for (const s of q.waiting) this.pump(s);
        }
      }
    }, 100);

    return {
      port,
      connectionString: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=local-sandbox-key;UseDevelopmentEmulator=true;`,
      adminUrl: `http://127.0.0.1:${(admin.address() as AddressInfo).port}`,
      ...(tlsListener
        ? {
            tlsEndpoint: `sb://127.0.0.1:${
              (tlsListener.address() as AddressInfo).port
            }`,
          }
        : {}),
      stop: async () => {
        clearInterval(this.sweeper);
        for (const q of this.queues.values()) q.waiting.clear();
        await new Promise<void>(resolve => admin.close(() => resolve()));
        admin.closeAllConnections();
        await new Promise<void>(resolve => {
          tlsListener?.close();
          listener.close(() => resolve());
          for (const c of container.connections ?? []) c.close?.();
          setTimeout(resolve, 200);
        });
      },
    };
  }

  /** The queue state of an address: `orders` or `orders/$deadletterqueue` (same queue). */
  private entity(address: string): QueueState {
    return this.queue(
      isDeadLetterAddress(address)
        ? address.slice(0, -DEAD_LETTER_SUFFIX.length)
        : address,
    );
  }

  private forget(sender: any) {
    for (const q of this.queues.values()) q.waiting.delete(sender);
  }

  /** Sends locked deliveries to a receiver while it has credit. */
  private pump(sender: any) {
    const address: string | undefined = sender.__queue;
    if (!address || !sender.is_open?.() || sender._draining) return;
    const q = this.entity(address);
    const list = isDeadLetterAddress(address) ? q.dead : q.messages;
    const now = Date.now();
    for (const m of [...list]) {
      if (!sender.sendable()) return;
      if (m.delivery && m.lockedUntil > now) continue;
      if ((m.availableAt ?? 0) > now) continue;
      if (list === q.messages && m.deliveryCount >= this.maxDeliveryCount) {
        this.record({
          op: 'dead',
          queue: q.name,
          id: m.id,
          reason: 'MaxDeliveryCountExceeded',
          description: `delivered ${m.deliveryCount} times`,
        });
        continue;
      }
      this.record({ op: 'delivered', queue: q.name, id: m.id });
      m.lockedUntil = now + this.lockDurationMs;
      const message = fromJournal(m.fields);
      message.delivery_count = m.deliveryCount - 1;
      message.message_annotations = {
        ...(message.message_annotations ?? {}),
        'x-opt-sequence-number': m.sequence,
        'x-opt-enqueued-time': new Date(m.enqueuedAt),
        'x-opt-locked-until': new Date(m.lockedUntil),
      };
      const delivery = sender.send(message, randomBytes(16));
      this.count('receive');
      delivery.__message = m;
      delivery.__list = list === q.dead ? 'dead' : 'active';
      delivery.__queue = q.name;
      m.delivery = delivery;
    }
  }

  private settle(
    context: any,
    outcome: 'complete' | 'abandon' | 'dead-letter',
  ) {
    const delivery = context.delivery;
    const m: StoredMessage | undefined = delivery.__message;
    // Only a queue message's settlement is an operation: replies on `$cbs` are accepted too.
    if (delivery.__queue) this.count(outcome);
    if (m && m.delivery === delivery) {
      m.delivery = undefined;
      m.lockedUntil = 0;
      if (outcome === 'complete')
        this.record({ op: 'remove', queue: delivery.__queue, id: m.id });
      else if (outcome === 'dead-letter' && delivery.__list === 'active') {
        const info = delivery.remote_state?.error?.info ?? {};
        this.record({
          op: 'dead',
          queue: delivery.__queue,
          id: m.id,
          reason: info.DeadLetterReason,
          description: info.DeadLetterErrorDescription,
        });
      }
    }
    // The client waits for the service to settle its disposition (receive-settle-mode second).
    delivery.update(true, OUTCOMES[outcome]());
    // In that mode the client sent its outcome unsettled and settles on ours without another
    // frame, so it never reports itself settled. rhea frees a sent delivery from the session's
    // window (2,048 deliveries) only once both ends have settled it: without this, a receiver's
    // session stopped getting messages after its 2,048th delivery, however many were settled.
    delivery.remote_settled = true;
    const q = this.queues.get(delivery.__queue);
    if (q) for (const s of q.waiting) this.pump(s);
  }

  /**
   * `$cbs` token puts are always accepted; of the `$management` operations only peek is imitated
   * (`com.microsoft:peek-message`: from a sequence number, up to a count, without locking or
   * changing anything; active and locked messages of a queue, or its dead letters on the
   * dead-letter sub-queue's node: "Message browsing",
   * https://learn.microsoft.com/azure/service-bus-messaging/message-browsing; status 204 when
   * there is nothing, as the SDK expects).
   */
  private answerRequest(context: any, address: string) {
    const request = context.message;
    const replyTo = request.reply_to;
    const connection = context.connection;
    const reply = (status: number, description: string, body?: unknown) => {
      // The reply goes on this connection's link that reads from the same node ($cbs or $management).
      const sender = connection.find_sender(
        (l: any) => l.source?.address === address,
      );
      sender?.send({
        correlation_id: request.message_id,
        to: replyTo,
        application_properties: {
          'status-code': status,
          'status-description': description,
          statusCode: status,
        },
        body,
      });
    };
    const operation = request.application_properties?.operation;
    if (address === '$cbs') reply(202, 'Accepted');
    else if (operation === 'com.microsoft:peek-message') {
      const found = this.peek(
        address.slice(0, -'/$management'.length),
        request.body ?? {},
      );
      if (!found.length) reply(204, 'No Content');
      else
        reply(200, 'OK', {
          messages: found.map(m => ({ message: rhea.message.encode(m) })),
        });
    } else
      reply(501, `the operation ${operation} is not imitated by this fake`);
  }

  /** The messages a peek returns, as a receive would hand them over, without taking them. */
  private peek(address: string, body: Record<string, unknown>) {
    const q = this.entity(address);
    const list = isDeadLetterAddress(address) ? q.dead : q.messages;
    const raw = body['from-sequence-number'];
    const from = Buffer.isBuffer(raw)
      ? Number(raw.readBigInt64BE(0))
      : Number(raw ?? 0);
    const count = Number(body['message-count'] ?? 1);
    return list
      .filter(m => m.sequence >= from)
      .sort((a, b) => a.sequence - b.sequence)
      .slice(0, count)
      .map(m => {
        const message = fromJournal(m.fields);
        message.delivery_count = m.deliveryCount;
        message.message_annotations = {
          ...(message.message_annotations ?? {}),
          'x-opt-sequence-number': m.sequence,
          'x-opt-enqueued-time': new Date(m.enqueuedAt),
        };
        return message;
      });
  }
}

function toJournal(message: any): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of [
    'message_id',
    'correlation_id',
    'subject',
    'content_type',
    'application_properties',
    'message_annotations',
  ]) {
    if (message[key] !== undefined) fields[key] = message[key];
  }
  const body = message.body;
  if (body && body.typecode === 0x75)
    fields.data = Buffer.from(body.content).toString('base64');
  else if (body !== undefined) fields.value = body;
  return fields;
}

function fromJournal(fields: Record<string, unknown>): any {
  const { data, value, ...rest } = fields;
  const message: any = { ...rest };
  if (typeof data === 'string')
    message.body = rhea.message.data_section(Buffer.from(data, 'base64'));
  else if (value !== undefined) message.body = value;
  return message;
}

/** Starts a local Service Bus on 127.0.0.1 (port 0 picks a free one). */
export async function startServiceBusFake(
  options: ServiceBusFakeOptions = {},
): Promise<RunningServiceBusFake> {
  return new ServiceBusFake(options).listen();
}
