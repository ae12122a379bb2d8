import type {
  ServiceBusClient,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
} from '@azure/service-bus';
import type {
  MessageReceiver,
  MessageSender,
  OutboundMessage,
  ReceivedMessage,
  ReceiveOptions,
} from '../ports/Transport';
import { ServiceBusSender } from './ServiceBusSender';
import { fromServiceBus } from './ServiceBusTransport';

/**
 * A Service Bus queue read now and then by a scheduled function (the relay's parking queue):
 * `receiveMessages` in peek-lock mode takes what is there and no more, so nothing waits locked in
 * the client between runs, unlike a streaming subscription.
 */
export class ServiceBusPullQueue implements MessageSender, MessageReceiver {
  private readonly sender: ServiceBusSender;
  private receiver?: ServiceBusReceiver;

  constructor(
    private readonly options: { client: ServiceBusClient; queueName: string },
  ) {
    this.sender = new ServiceBusSender(options);
  }

  private get link() {
    return (this.receiver ??= this.options.client.createReceiver(
      this.options.queueName,
      { receiveMode: 'peekLock' },
    ));
  }

  send(messages: OutboundMessage[]): Promise<void> {
    return this.sender.send(messages);
  }

  async receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const messages = await this.link.receiveMessages(
      options.maxMessages ?? 10,
      { maxWaitTimeInMs: options.waitTimeMs ?? 1000 },
    );
    return messages.map(fromServiceBus);
  }

  async ack(message: ReceivedMessage): Promise<void> {
    await this.link.completeMessage(
      message.handle as ServiceBusReceivedMessage,
    );
  }

  async release(message: ReceivedMessage): Promise<void> {
    await this.link.abandonMessage(message.handle as ServiceBusReceivedMessage);
  }

  async deadLetter(message: ReceivedMessage, reason: string): Promise<void> {
    await this.link.deadLetterMessage(
      message.handle as ServiceBusReceivedMessage,
      {
        deadLetterReason: reason.slice(0, 1024),
        deadLetterErrorDescription: reason.slice(0, 1024),
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.sender.close(), this.receiver?.close()]);
  }
}
