import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { ConflictError } from '@backstage/errors';
import type { AzureClients } from './azureClients';

export interface ServiceBusQueue {
  subscription: string;
  namespace: string;
  queue: string;
}

/**
 * The redriver's record of why a letter waits for a person (runtime/src/ports/DeadLetterQueue.ts,
 * `REFUSED_REASON`), an application property since abandon can set no other.
 */
const REFUSED_REASON = 'RefusedReason';

/** At most this many dead letters per replay request; the rest stays for the next click. */
const REPLAY_LIMIT = 5_000;
const RECEIVE_BATCH = 100;

/**
 * The service's inbound Service Bus queue: depths from its runtime properties
 * (`ServiceBusAdministrationClient`), and replay. Service Bus has no server-side redrive like
 * SQS's, so replay receives the dead letters in peek-lock, sends copies to the queue and completes
 * each original only after its copy is sent: a crash in between can duplicate a message (which
 * the runtime's last-writer-wins apply absorbs) but never lose one.
 */
export class ServiceBusQueues {
  private readonly replaying = new Set<string>();

  constructor(private readonly clients: AzureClients) {}

  async depths(queue: ServiceBusQueue) {
    const properties = await this.clients
      .serviceBusAdmin(queue.subscription, queue.namespace)
      .getQueueRuntimeProperties(queue.queue);
    return {
      queueDepth: properties.activeMessageCount,
      deadLetterDepth: properties.deadLetterMessageCount,
    };
  }

  /**
   * When the oldest message still in the queue was enqueued, or null when it is empty. Service
   * Bus has no metric for a message's age; a peek on a new receiver returns the message of the
   * lowest sequence number, locked (being processed) or not, without changing it ("Message
   * browsing", https://learn.microsoft.com/azure/service-bus-messaging/message-browsing:
   * active and locked messages are included, dead-lettered ones are not), and
   * `enqueuedTimeUtc` is "the UTC instant at which the message has been accepted and stored in
   * Service Bus" (@azure/service-bus, ServiceBusReceivedMessage).
   */
  async oldestEnqueuedAt(queue: ServiceBusQueue): Promise<Date | null> {
    const receiver = this.clients
      .serviceBus(queue.subscription, queue.namespace)
      .createReceiver(queue.queue, { receiveMode: 'peekLock' });
    try {
      const [oldest] = await receiver.peekMessages(1);
      return oldest?.enqueuedTimeUtc ?? null;
    } finally {
      await receiver.close().catch(() => undefined);
    }
  }

  /**
   * Up to `max` dead letters, browsed without a lock ("Message browsing": a peek on the
   * dead-letter sub-queue returns its messages unchanged). The reason is the redriver's
   * `RefusedReason` where it recorded one (the apply's own, which Service Bus cannot carry),
   * else Service Bus's `deadLetterReason`.
   */
  async peekDeadLetters(queue: ServiceBusQueue, max: number) {
    const receiver = this.clients
      .serviceBus(queue.subscription, queue.namespace)
      .createReceiver(queue.queue, { subQueueType: 'deadLetter' });
    try {
      const messages = await receiver.peekMessages(max);
      return messages.map(m => ({
        id: String(m.sequenceNumber ?? m.messageId ?? ''),
        body: m.body,
        reason:
          (m.applicationProperties?.[REFUSED_REASON] as string | undefined) ??
          m.deadLetterReason ??
          null,
      }));
    } finally {
      await receiver.close().catch(() => undefined);
    }
  }

  async replay(
    queue: ServiceBusQueue,
  ): Promise<{ replayed: number; remaining: number }> {
    const key = `${queue.subscription}|${queue.namespace}|${queue.queue}`;
    if (this.replaying.has(key))
      throw new ConflictError(
        `a replay of ${queue.queue}'s dead letters is already running`,
      );
    this.replaying.add(key);
    try {
      const replayed = await this.move(queue);
      const { deadLetterDepth } = await this.depths(queue);
      return { replayed, remaining: deadLetterDepth };
    } finally {
      this.replaying.delete(key);
    }
  }

  private async move(queue: ServiceBusQueue): Promise<number> {
    const client = this.clients.serviceBus(queue.subscription, queue.namespace);
    const receiver = client.createReceiver(queue.queue, {
      subQueueType: 'deadLetter',
      receiveMode: 'peekLock',
    });
    const sender = client.createSender(queue.queue);
    let moved = 0;
    try {
      while (moved < REPLAY_LIMIT) {
        const batch = await receiver.receiveMessages(
          Math.min(RECEIVE_BATCH, REPLAY_LIMIT - moved),
          { maxWaitTimeInMs: 1_000 },
        );
        if (batch.length === 0) break;
        await sender.sendMessages(batch.map(copyOf));
        for (const message of batch) await receiver.completeMessage(message);
        moved += batch.length;
      }
    } finally {
      await Promise.allSettled([receiver.close(), sender.close()]);
    }
    return moved;
  }
}

/** The message as the runtime sent it, without the dead-lettering's reasons and broker state. */
function copyOf(message: ServiceBusReceivedMessage) {
  const {
    DeadLetterReason: _reason,
    DeadLetterErrorDescription: _description,
    [REFUSED_REASON]: _refused,
    ...applicationProperties
  } = message.applicationProperties ?? {};
  return {
    body: message.body,
    contentType: message.contentType,
    correlationId: message.correlationId,
    messageId: message.messageId,
    subject: message.subject,
    applicationProperties,
  };
}
