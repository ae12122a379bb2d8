import type { InvocationContext } from '@azure/functions';
import type { MessageReceiver, ReceivedMessage } from '@multicloud/runtime';
import { invocationContext } from './invocationContext';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import { type TriggerClock, wallClock } from './TriggerClock';

export interface ServiceBusQueueTriggerOptions {
  queue: MessageReceiver;
  handler: (message: unknown, context: InvocationContext) => Promise<void>;
  /** host.json `maxConcurrentCalls`: 16 per core by default; the sandbox runs fewer. */
  maxConcurrentCalls?: number;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

/**
 * The Azure Functions Service Bus trigger, as documented ("Azure Service Bus trigger for Azure
 * Functions", https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger):
 * messages are received in peek-lock mode; with `autoCompleteMessages` (the default) the message
 * is completed when the function succeeds and abandoned when it throws. An abandoned message is
 * available again at once with its delivery count one higher, and Service Bus moves it to the
 * dead-letter queue once the count passes the queue's MaxDeliveryCount (10 by default: "Service
 * Bus dead-letter queues"). Retry policies are not supported on this trigger: its retries are the
 * queue's deliveries. The handler sees the delivery count in `triggerMetadata.deliveryCount`.
 */
export class ServiceBusQueueTrigger implements Trigger {
  private readonly loops: TriggerLoop[];
  private readonly clock: TriggerClock;

  constructor(private readonly options: ServiceBusQueueTriggerOptions) {
    this.clock = options.clock ?? wallClock;
    this.loops = Array.from(
      { length: options.maxConcurrentCalls ?? 4 },
      () =>
        new TriggerLoop('servicebus-queue', () => this.pollOnce(), {
          clock: this.clock,
          onError: options.onError,
          pauseAfterErrorMs: 500,
        }),
    );
  }

  start() {
    for (const loop of this.loops) loop.start();
  }

  async stop() {
    await Promise.all(this.loops.map(loop => loop.stop()));
  }

  /** Receives one message and runs the function on it; returns whether there was one. */
  async pollOnce(): Promise<boolean> {
    const [message] = await this.options.queue.receive({
      maxMessages: 1,
      waitTimeMs: 1000,
    });
    if (!message) {
      await this.clock.sleep(100); // as SqsLambdaTrigger: no tight loop on an empty queue
      return false;
    }
    await this.invoke(message);
    return true;
  }

  private async invoke(message: ReceivedMessage) {
    const context = invocationContext('apply', {
      messageId: message.id,
      deliveryCount: message.deliveryCount,
      applicationProperties: message.attributes,
    });
    try {
      await this.options.handler(bodyOf(message.body), context);
    } catch (error) {
      this.options.onError?.('servicebus-queue', error as Error);
      await this.options.queue.release(message);
      return;
    }
    await this.options.queue.ack(message);
  }
}

/** The Node.js worker hands a JSON body over parsed, as the binding deserializes it. */
function bodyOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
