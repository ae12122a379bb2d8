import {
  ClockDriftError,
  HybridLogicalClock,
} from '../domain/HybridLogicalClock';
import { InvalidEventError, parseReplicationEvent } from '../domain/event';
import type { Store } from '../ports/Store';
import type { MessageReceiver, ReceivedMessage } from '../ports/Transport';
import type { MetricsSink } from '../metrics/MetricsSink';
import { packBody, packedEvents, packProblem } from './eventPacks';

/** How many refused events of a pack its letter's reason names one by one. */
const REASONS_SHOWN = 3;

export interface ApplierOptions {
  store: Store;
  clock: HybridLogicalClock;
  metrics?: MetricsSink;
  now?: () => number;
}

export type MessageOutcome =
  /** `reconciled`: an anti-entropy message, handled by the reconciler (InboundApplier). */
  | { outcome: 'applied' | 'stale' | 'reconciled' }
  /**
   * Will never succeed: dead-letter it now, with the reason. `body`, when set, is what to
   * dead-letter instead of the whole message: the refused events of a pack, whose other events
   * were applied (`eventPacks.ts`).
   */
  | { outcome: 'rejected'; reason: string; body?: string }
  /** Might succeed later (store unreachable): leave it for another delivery. */
  | { outcome: 'retry'; error: Error };

/**
 * Applies replication events that arrived from the other cloud, one to a message or several in a
 * pack. A bad envelope or one from a clock too far ahead is rejected with the reason, never
 * applied; a store failure is retried by the queue and dead-lettered after its maximum
 * deliveries. Nothing is dropped silently.
 */
export class Applier {
  constructor(private readonly options: ApplierOptions) {}

  async handle(body: string): Promise<MessageOutcome> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      return this.reject(`body is not JSON: ${(error as Error).message}`);
    }
    return this.handleParsed(parsed);
  }

  /** A body once parsed: a pack of events or one event (a subclass adds other kinds). */
  protected async handleParsed(parsed: unknown): Promise<MessageOutcome> {
    const events = packedEvents(parsed);
    if (events !== undefined) return this.handlePack(events);
    const result = await this.handleEvent(parsed);
    if (result.outcome === 'rejected') return this.reject(result.reason);
    return result;
  }

  /**
   * A pack's events side by side, like a batch: a store failure for any retries the whole pack
   * (the events that applied are safe to apply again: the write is conditional on its version);
   * otherwise the refused ones, and only they, are to be dead-lettered, as one letter.
   */
  private async handlePack(events: unknown[]): Promise<MessageOutcome> {
    const problem = packProblem(events);
    if (problem) return this.reject(problem);
    const outcomes = await Promise.all(events.map(e => this.handleEvent(e)));
    const retry = outcomes.find(o => o.outcome === 'retry');
    if (retry) return retry;
    const refused = outcomes.flatMap((o, i) =>
      o.outcome === 'rejected' ? [{ event: events[i], reason: o.reason }] : [],
    );
    if (!refused.length)
      return {
        outcome: outcomes.some(o => o.outcome === 'applied')
          ? 'applied'
          : 'stale',
      };
    this.options.metrics?.count('dead_lettered', refused.length);
    // The first few reasons name the letter's trouble; a letter's reason is cut at 1 KB anyway.
    const shown = refused
      .slice(0, REASONS_SHOWN)
      .map(r => `event ${eventIdOf(r.event)}: ${r.reason}`);
    if (refused.length > REASONS_SHOWN)
      shown.push(`and ${refused.length - REASONS_SHOWN} more`);
    return {
      outcome: 'rejected',
      reason: `${refused.length} of ${
        events.length
      } events of a pack refused: ${shown.join('; ')}`,
      body: packBody(refused.map(r => JSON.stringify(r.event))),
    };
  }

  /** One parsed event: applied, stale, refused (not counted here) or to retry. */
  private async handleEvent(parsed: unknown): Promise<MessageOutcome> {
    let event;
    try {
      event = parseReplicationEvent(parsed);
      this.options.clock.observe(event.version);
    } catch (error) {
      if (
        error instanceof InvalidEventError ||
        error instanceof ClockDriftError
      )
        return { outcome: 'rejected', reason: error.message };
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
      await transport.deadLetter(
        result.body === undefined ? message : { ...message, body: result.body },
        result.reason,
      );
    else if (result.outcome === 'retry') await transport.release(message);
    else await transport.ack(message);
    return result;
  }

  /** Refused for good: counted as dead-lettered, with the reason. */
  protected reject(reason: string): MessageOutcome {
    this.options.metrics?.count('dead_lettered');
    return { outcome: 'rejected', reason };
  }
}

/** An event's id for a reason, from what may not be a valid event. */
function eventIdOf(event: unknown): string {
  const id = (event as { event_id?: unknown } | null)?.event_id;
  return typeof id === 'string' ? JSON.stringify(id.slice(0, 64)) : '(none)';
}
