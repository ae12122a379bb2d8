import type {
  ServiceBusClient,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
} from '@azure/service-bus';
import type {
  OutboundMessage,
  QueueDepth,
  ReceivedMessage,
  ReceiveOptions,
  Transport,
} from '../ports/Transport';
import { ServiceBusSender } from './ServiceBusSender';
import { REFUSED_REASON } from '../ports/DeadLetterQueue';

export interface ServiceBusTransportOptions {
  client: ServiceBusClient;
  queueName: string;
  /**
   * Queue counts. In Azure: `ServiceBusAdministrationClient.getQueueRuntimeProperties` (see
   * `serviceBusAdminCounts`); the local fake answers them on its HTTP side door.
   */
  counts: () => Promise<QueueDepth>;
}

/**
 * The Transport on Azure Service Bus, in peek-lock mode: complete, abandon (delivered again until
 * the queue's max delivery count, then dead-lettered by the service) and dead-letter with a reason.
 */
export class ServiceBusTransport implements Transport {
  private readonly sender: ServiceBusSender;
  private receiver?: ServiceBusReceiver;
  private deadLetterReceiver?: ServiceBusReceiver;

  constructor(private readonly options: ServiceBusTransportOptions) {
    this.sender = new ServiceBusSender(options);
  }

  private getReceiver() {
    // Locks are not renewed: the applier settles each message within milliseconds, and an
    // expired lock only means one more (idempotent) delivery.
    return (this.receiver ??= this.options.client.createReceiver(
      this.options.queueName,
      {
        receiveMode: 'peekLock',
        maxAutoLockRenewalDurationInMs: 0,
      },
    ));
  }

  private getDeadLetterReceiver() {
    return (this.deadLetterReceiver ??= this.options.client.createReceiver(
      this.options.queueName,
      {
        subQueueType: 'deadLetter',
        receiveMode: 'peekLock',
        maxAutoLockRenewalDurationInMs: 0,
      },
    ));
  }

  send(messages: OutboundMessage[]): Promise<void> {
    return this.sender.send(messages);
  }

  /**
   * Messages come from a streaming subscription into a buffer that `receive` takes from. Unlike
   * repeated `receiveMessages` calls, which drain the link after each batch and leave a message
   * that arrives during the drain locked in the client until its lock expires, the subscription
   * keeps credit flowing and hands over every message.
   */
  async receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    this.subscribe();
    const deadline = Date.now() + (options.waitTimeMs ?? 0);
    while (!this.buffer.length && Date.now() < deadline) {
      await new Promise<void>(resolve => {
        let timer: ReturnType<typeof setTimeout> | undefined = undefined;
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        this.waiting.add(done);
      });
    }
    return this.buffer.splice(0, options.maxMessages ?? 10).map(fromServiceBus);
  }

  private buffer: ServiceBusReceivedMessage[] = [];
  /** Receivers waiting for a message: every one is woken, as each may take a share. */
  private readonly waiting = new Set<() => void>();
  private subscription?: { close(): Promise<void> };

  private subscribe() {
    if (this.subscription) return;
    this.subscription = this.getReceiver().subscribe(
      {
        processMessage: async message => {
          this.buffer.push(message);
          for (const wake of [...this.waiting]) wake();
        },
        processError: async () => undefined,
      },
      { autoCompleteMessages: false, maxConcurrentCalls: 64 },
    );
  }

  async ack(message: ReceivedMessage): Promise<void> {
    await this.getReceiver().completeMessage(
      message.handle as ServiceBusReceivedMessage,
    );
  }

  async release(message: ReceivedMessage): Promise<void> {
    await this.getReceiver().abandonMessage(
      message.handle as ServiceBusReceivedMessage,
    );
  }

  async deadLetter(message: ReceivedMessage, reason: string): Promise<void> {
    const received = message.handle as ServiceBusReceivedMessage;
    // Service Bus dead-letters the received message as it is: no letter of a part of it.
    if (message.body !== bodyText(received.body))
      throw new Error(
        'Service Bus dead-letters a received message whole; it cannot take a changed body (a part of an event pack)',
      );
    await this.getReceiver().deadLetterMessage(received, {
      deadLetterReason: reason.slice(0, 1024),
      deadLetterErrorDescription: reason.slice(0, 1024),
    });
  }

  /**
   * Moves back every dead letter present when the replay starts, each exactly once, duplicates
   * with one body included. In two steps, as on SQS (SqsTransport.replayDeadLetters): first
   * every letter is received and held locked, then the held ones are moved, and nothing is
   * received after the first move, so a letter refused again while the replay runs waits in the
   * dead-letter sub-queue for the next replay instead of being moved again and again. The locks
   * last the queue's lock duration (a minute as deployed), which bounds how many one replay
   * should move: a letter whose lock ran out is sent but stays, and goes again next time.
   */
  async replayDeadLetters(options: { max?: number } = {}): Promise<number> {
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const receiver = this.getDeadLetterReceiver();
    const held = new Map<string, ServiceBusReceivedMessage>();
    let moved = 0;
    try {
      await holdDeadLetters(receiver, held, max);
      for (const m of held.values()) {
        // A person sends it back: the reasons it was left for them go with the letter.
        const {
          DeadLetterReason: _r,
          DeadLetterErrorDescription: _d,
          [REFUSED_REASON]: _refused,
          ...properties
        } = (m.applicationProperties ?? {}) as Record<string, string>;
        await this.send([
          {
            id: String(m.messageId ?? ''),
            body: bodyText(m.body),
            attributes: properties,
          },
        ]);
        await receiver.completeMessage(m);
        moved += 1;
      }
    } finally {
      // What was held and not moved (a call failed) is unlocked at once, for the next replay.
      for (const m of [...held.values()].slice(moved))
        await receiver.abandonMessage(m);
    }
    return moved;
  }

  async peekDeadLetters(max = 10): Promise<ReceivedMessage[]> {
    // Receive and abandon at once: works on the service and the local fake alike.
    const receiver = this.getDeadLetterReceiver();
    const messages = await receiver.receiveMessages(max, {
      maxWaitTimeInMs: 200,
    });
    await Promise.all(messages.map(m => receiver.abandonMessage(m)));
    return messages.map(m => ({ ...fromServiceBus(m), handle: undefined }));
  }

  depth(): Promise<QueueDepth> {
    return this.options.counts();
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    await Promise.all([
      this.sender.close(),
      this.receiver?.close(),
      this.deadLetterReceiver?.close(),
    ]);
  }
}

/**
 * Receives up to `max` dead letters into `held`, locked, by sequence number: "a unique 64-bit
 * integer assigned to a message as it is accepted and stored by the broker" ("Message sequencing
 * and timestamps", https://learn.microsoft.com/azure/service-bus-messaging/message-sequencing),
 * so two letters with one body (or one message id) are two entries, and a letter delivered again
 * after its lock ran out replaces its entry (its new lock token is the one that settles it). A
 * batch with no new letter ends it.
 */
async function holdDeadLetters(
  receiver: ServiceBusReceiver,
  held: Map<string, ServiceBusReceivedMessage>,
  max: number,
): Promise<void> {
  while (held.size < max) {
    const batch = await receiver.receiveMessages(
      Math.min(10, max - held.size),
      {
        maxWaitTimeInMs: 200,
      },
    );
    const before = held.size;
    for (const m of batch)
      held.set(String(m.sequenceNumber ?? m.lockToken ?? ''), m);
    if (held.size === before) return;
  }
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}

function fromServiceBus(m: ServiceBusReceivedMessage): ReceivedMessage {
  const attributes = Object.fromEntries(
    Object.entries(m.applicationProperties ?? {}).map(([k, v]) => [
      k,
      String(v),
    ]),
  );
  return {
    id: String(m.messageId ?? ''),
    body: bodyText(m.body),
    attributes,
    // Service Bus counts earlier deliveries; the port counts this one too.
    deliveryCount: (m.deliveryCount ?? 0) + 1,
    handle: m,
  };
}
