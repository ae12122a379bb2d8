import type {
  ServiceBusClient,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusSender,
} from '@azure/service-bus';
import type { DeadLetter, DeadLetterQueue } from '../ports/DeadLetterQueue';

export interface ServiceBusDeadLetterQueueOptions {
  client: ServiceBusClient;
  queueName: string;
}

/**
 * Dead letters on Azure Service Bus: the queue's `$deadletterqueue` sub-queue. The service moves a
 * message there after its max delivery count with `DeadLetterReason` `MaxDeliveryCountExceeded`,
 * and a receiver's dead-letter call stamps the reason it gives; the message's application
 * properties are kept. A dead letter cannot be sent to directly, only received (peek-lock) and
 * completed ("Overview of Service Bus dead-letter queues",
 * https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues). A
 * letter is re-driven by sending it to the queue as a scheduled message (`scheduledEnqueueTimeUtc`:
 * "Message sequencing and timestamps, scheduled messages",
 * https://learn.microsoft.com/azure/service-bus-messaging/message-sequencing#scheduled-messages)
 * and then completing it in the sub-queue.
 */
export class ServiceBusDeadLetterQueue implements DeadLetterQueue {
  private receiver?: ServiceBusReceiver;
  private sender?: ServiceBusSender;

  constructor(private readonly options: ServiceBusDeadLetterQueueOptions) {}

  private getReceiver() {
    return (this.receiver ??= this.options.client.createReceiver(
      this.options.queueName,
      {
        subQueueType: 'deadLetter',
        receiveMode: 'peekLock',
        maxAutoLockRenewalDurationInMs: 0,
      },
    ));
  }

  async receive(max: number): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    while (out.length < max) {
      const batch = await this.getReceiver().receiveMessages(
        Math.min(100, max - out.length),
        { maxWaitTimeInMs: 500 },
      );
      if (!batch.length) break;
      out.push(...batch.map(toDeadLetter));
    }
    return out;
  }

  async redrive(
    letter: DeadLetter,
    attributes: Record<string, string>,
    delayMs: number,
  ): Promise<void> {
    const message = letter.handle as ServiceBusReceivedMessage;
    this.sender ??= this.options.client.createSender(this.options.queueName);
    await this.sender.sendMessages({
      body: letter.body,
      messageId: message.messageId,
      applicationProperties: attributes,
      scheduledEnqueueTimeUtc: new Date(Date.now() + Math.max(0, delayMs)),
    });
    await this.getReceiver().completeMessage(message);
  }

  /**
   * Abandons the letter in the sub-queue, where it stays (no delivery count moves a dead letter
   * on). `stamp` goes as abandon's properties to modify, which the service merges into the
   * message's application properties ("ServiceBusReceiver.abandonMessage",
   * https://learn.microsoft.com/javascript/api/@azure/service-bus/servicebusreceiver#@azure-service-bus-servicebusreceiver-abandonmessage;
   * the SDK sends them as the AMQP `modified` outcome's message-annotations, "AMQP 1.0 in Azure
   * Service Bus and Event Hubs protocol guide", https://learn.microsoft.com/azure/service-bus-messaging/service-bus-amqp-protocol-guide).
   */
  async release(
    letter: DeadLetter,
    stamp?: Record<string, string>,
  ): Promise<void> {
    await this.getReceiver().abandonMessage(
      letter.handle as ServiceBusReceivedMessage,
      stamp,
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.receiver?.close(), this.sender?.close()]);
  }
}

function toDeadLetter(m: ServiceBusReceivedMessage): DeadLetter {
  const attributes: Record<string, string> = Object.fromEntries(
    Object.entries(m.applicationProperties ?? {}).map(([k, v]) => [
      k,
      String(v),
    ]),
  );
  if (m.deadLetterReason !== undefined)
    attributes.DeadLetterReason = m.deadLetterReason;
  return {
    id: String(m.sequenceNumber ?? m.messageId ?? ''),
    body: bodyText(m.body),
    attributes,
    enqueuedAt: m.enqueuedTimeUtc?.getTime(),
    handle: m,
  };
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}
