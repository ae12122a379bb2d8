import type {
  ServiceBusClient,
  ServiceBusMessage,
  ServiceBusSender as SdkSender,
} from '@azure/service-bus';
import type { MessageSender, OutboundMessage } from '../ports/Transport';

/** Messages no batch of the queue can carry; names the events so they can be found and fixed. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly messageIds: string[],
    readonly queueName: string,
    readonly maxSizeInBytes: number,
  ) {
    super(
      `${messageIds.length === 1 ? 'event' : 'events'} ${messageIds.join(
        ', ',
      )} ${
        messageIds.length === 1 ? 'does' : 'do'
      } not fit in one message of queue ${queueName} (at most ${maxSizeInBytes} bytes per batch)`,
    );
    this.name = 'MessageTooLargeError';
  }
}

/**
 * Sends to one Service Bus queue in batches that fit. `createMessageBatch` sizes a batch to the
 * sender link's maximum message size (256 KB on the Standard tier: "Azure Service Bus quotas"),
 * and `tryAddMessage` "will return false if the message being added causes the size of the batch
 * to exceed this limit" (@azure/service-bus API reference, ServiceBusMessageBatch,
 * https://learn.microsoft.com/javascript/api/@azure/service-bus/servicebusmessagebatch), so a
 * full batch is sent and a new one started; an array passed to `sendMessages` instead fails whole
 * when it does not fit one batch. A message that fits no batch does not hold back the others:
 * they are sent, then the send fails with a `MessageTooLargeError` naming it.
 */
export class ServiceBusSender implements MessageSender {
  private sender?: SdkSender;

  constructor(
    private readonly options: { client: ServiceBusClient; queueName: string },
  ) {}

  private get link() {
    return (this.sender ??= this.options.client.createSender(
      this.options.queueName,
    ));
  }

  async send(messages: OutboundMessage[]): Promise<void> {
    const tooLarge: string[] = [];
    let batch = await this.link.createMessageBatch();
    for (const m of messages) {
      const message = toServiceBusMessage(m);
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0) {
        tooLarge.push(m.id);
        continue;
      }
      await this.link.sendMessages(batch);
      batch = await this.link.createMessageBatch();
      if (!batch.tryAddMessage(message)) tooLarge.push(m.id);
    }
    if (batch.count) await this.link.sendMessages(batch);
    if (tooLarge.length)
      throw new MessageTooLargeError(
        tooLarge,
        this.options.queueName,
        batch.maxSizeInBytes,
      );
  }

  async close(): Promise<void> {
    await this.sender?.close();
  }
}

function toServiceBusMessage(m: OutboundMessage): ServiceBusMessage {
  return {
    body: m.body,
    messageId: m.id,
    applicationProperties: { ...m.attributes },
  };
}
