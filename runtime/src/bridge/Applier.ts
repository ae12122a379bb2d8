import {
  ClockDriftError,
  HybridLogicalClock,
} from '../domain/HybridLogicalClock';
import { InvalidEventError, parseReplicationEvent } from '../domain/event';
import type { Store } from '../ports/Store';
import type { MessageReceiver, ReceivedMessage } from '../ports/Transport';
import type { MetricsSink } from '../metrics/MetricsSink';

export interface ApplierOptions {
  store: Store;
  clock: HybridLogicalClock;
  metrics?: MetricsSink;
  now?: () => number;
}

export type MessageOutcome =
  /** `reconciled`: an anti-entropy message, handled by the reconciler (InboundApplier). */
  | { outcome: 'applied' | 'stale' | 'reconciled' }
  /** Will never succeed: dead-letter it now, with the reason. */
  | { outcome: 'rejected'; reason: string }
  /** Might succeed later (store unreachable): leave it for another delivery. */
  | { outcome: 'retry'; error: Error };

/**
 * Applies replication events that arrived from the other cloud. A bad envelope or one from a clock
 * too far ahead is rejected with the reason, never applied; a store failure is retried by the queue
 * and dead-lettered after its maximum deliveries. Nothing is dropped silently.
 */
export class Applier {
  constructor(private readonly options: ApplierOptions) {}

  async handle(body: string): Promise<MessageOutcome> {
    let event;
    try {
      event = parseReplicationEvent(JSON.parse(body));
      this.options.clock.observe(event.version);
    } catch (error) {
      if (error instanceof SyntaxError)
        return this.reject(`body is not JSON: ${error.message}`);
      if (
        error instanceof InvalidEventError ||
        error instanceof ClockDriftError
      )
        return this.reject(error.message);
      throw error;
    }
    try {
      const outcome = await this.options.store.apply(event);
      this.options.metrics?.count(outcome);
      if (outcome === 'applied') {
        const now = (this.options.now ?? Date.now)();
        this.options.metrics?.replicationLag(
          Math.max(0, now - event.timestamp),
          event.source_region,
        );
      }
      return { outcome };
    } catch (error) {
      return { outcome: 'retry', error: error as Error };
    }
  }

  /** Receives and settles one batch from a transport; returns the outcomes. */
  async pollOnce(
    transport: MessageReceiver,
    options: { maxMessages?: number; waitTimeMs?: number } = {},
  ): Promise<MessageOutcome[]> {
    const messages = await transport.receive(options);
    return Promise.all(messages.map(m => this.settle(transport, m)));
  }

  private async settle(
    transport: MessageReceiver,
    message: ReceivedMessage,
  ): Promise<MessageOutcome> {
    const result = await this.handle(message.body);
    if (result.outcome === 'rejected')
      await transport.deadLetter(message, result.reason);
    else if (result.outcome === 'retry') await transport.release(message);
    else await transport.ack(message);
    return result;
  }

  private reject(reason: string): MessageOutcome {
    this.options.metrics?.count('dead_lettered');
    return { outcome: 'rejected', reason };
  }
}
