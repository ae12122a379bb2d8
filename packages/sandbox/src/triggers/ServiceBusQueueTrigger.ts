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
  /** The function, with a batch of messages (the trigger's `cardinality: 'many'`). */
  handler: (messages: unknown[], context: InvocationContext) => Promise<void>;
  /** host.json `extensions.serviceBus.maxMessageBatchSize` (`FUNCTIONS_SERVICE_BUS_TRIGGER`). */
  maxMessageBatchSize: number;
  /**
   * Function App instances running the function, each with its own batch loop (one: the
   * sandbox's load needs no scale-out).
   */
  instances?: number;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

/**
 * The Azure Functions Service Bus trigger in batch mode, as documented ("Azure Service Bus trigger
 * for Azure Functions",
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger) and as
 * the extension does it (Azure/azure-sdk-for-net
 * sdk/servicebus/Microsoft.Azure.WebJobs.Extensions.ServiceBus/src/Listeners/ServiceBusListener.cs,
 * `RunBatchReceiveLoopAsync`): each instance receives up to `maxMessageBatchSize` messages in
 * peek-lock mode and runs the function on them, one batch at a time ("The batch receive loop ...
 * only executes functions at a concurrency level of 1"); no batching window, since
 * `minMessageBatchSize` is 1. When the execution succeeds every message is completed, each
 * on its own (a `CompleteMessageAsync` per message); when it throws every message is abandoned.
 * An abandoned message is available again at once with its delivery count one higher, and
 * Service Bus moves it to the dead-letter queue once the count passes the queue's
 * MaxDeliveryCount ("Service Bus dead-letter queues"). Retry policies are not supported on this
 * trigger: its retries are the queue's deliveries. The handler sees the delivery counts and
 * message ids in `triggerMetadata.deliveryCountArray` and `messageIdArray`, in message order
 * (`DeliveryCountArray`, `MessageIdArray`: ServiceBusTriggerBindingStrategy in the same extension).
 */
export class ServiceBusQueueTrigger implements Trigger {
  private readonly loops: TriggerLoop[];
  private readonly clock: TriggerClock;

  constructor(private readonly options: ServiceBusQueueTriggerOptions) {
    this.clock = options.clock ?? wallClock;
    this.loops = Array.from(
      { length: options.instances ?? 1 },
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

  /** Receives one batch and runs the function on it; returns how many messages it had. */
  async pollOnce(): Promise<number> {
    const messages = await this.options.queue.receive({
      maxMessages: this.options.maxMessageBatchSize,
      waitTimeMs: 1000,
    });
    if (!messages.length) {
      await this.clock.sleep(100); // as SqsLambdaTrigger: no tight loop on an empty queue
      return 0;
    }
    await this.invoke(messages);
    return messages.length;
  }

  private async invoke(messages: ReceivedMessage[]) {
    const context = invocationContext('apply', {
      messageIdArray: messages.map(m => m.id),
      deliveryCountArray: messages.map(m => m.deliveryCount),
      applicationPropertiesArray: messages.map(m => m.attributes),
    });
    try {
      await this.options.handler(
        messages.map(m => bodyOf(m.body)),
        context,
      );
    } catch (error) {
      this.options.onError?.('servicebus-queue', error as Error);
      await Promise.all(messages.map(m => this.options.queue.release(m)));
      return;
    }
    await Promise.all(messages.map(m => this.options.queue.ack(m)));
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
