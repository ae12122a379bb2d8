import { randomUUID } from 'node:crypto';
import type {
  OutboundMessage,
  QueueDepth,
  ReceivedMessage,
  ReceiveOptions,
  Transport,
} from '../ports/Transport';
import type { MessageVisibility } from '../ports/MessageVisibility';

export interface MemoryTransportOptions {
  /** Deliveries after which a message is dead-lettered instead of delivered again. */
  maxDeliveries?: number;
  /** How long a received message stays invisible unless settled. */
  visibilityTimeoutMs?: number;
  now?: () => number;
}

interface QueuedMessage {
  id: string;
  body: string;
  attributes: Record<string, string>;
  deliveryCount: number;
  invisibleUntil: number;
  token: string | undefined;
  reason?: string;
}

/**
 * A queue in memory with the semantics the SQS and Service Bus adapters have: at-least-once
 * delivery, a visibility timeout (lock), a delivery count, dead-lettering after the maximum number
 * of deliveries, and replay of dead letters. For tests and models.
 */
export class MemoryTransport implements Transport, MessageVisibility {
  private readonly queue: QueuedMessage[] = [];
  private readonly dead: QueuedMessage[] = [];
  private readonly maxDeliveries: number;
  private readonly visibilityTimeoutMs: number;
  private readonly now: () => number;
  /** Set to make every call fail, as a queue outage would. */
  failure: Error | undefined;

  constructor(options: MemoryTransportOptions = {}) {
    this.maxDeliveries = options.maxDeliveries ?? 5;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async send(messages: OutboundMessage[]): Promise<void> {
    this.check();
    for (const m of messages) {
      this.queue.push({
        id: m.id,
        body: m.body,
        attributes: { ...m.attributes },
        deliveryCount: 0,
        invisibleUntil: 0,
        token: undefined,
      });
    }
  }

  async receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    this.check();
    const max = options.maxMessages ?? 10;
    const now = this.now();
    const out: ReceivedMessage[] = [];
    for (const m of [...this.queue]) {
      if (out.length >= max) break;
      if (m.invisibleUntil > now) continue;
      if (m.deliveryCount >= this.maxDeliveries) {
        this.moveToDead(
          m,
          `delivered ${m.deliveryCount} times without success`,
        );
        continue;
      }
      m.deliveryCount += 1;
      m.invisibleUntil = now + this.visibilityTimeoutMs;
      m.token = randomUUID();
      out.push({
        id: m.id,
        body: m.body,
        attributes: { ...m.attributes },
        deliveryCount: m.deliveryCount,
        handle: m.token,
      });
    }
    return out;
  }

  async ack(message: ReceivedMessage): Promise<void> {
    this.check();
    const i = this.queue.findIndex(m => m.token === message.handle);
    if (i >= 0) this.queue.splice(i, 1);
  }

  async release(message: ReceivedMessage): Promise<void> {
    this.check();
    const m = this.queue.find(q => q.token === message.handle);
    if (!m) return;
    m.invisibleUntil = 0;
    m.token = undefined;
    if (m.deliveryCount >= this.maxDeliveries)
      this.moveToDead(m, `delivered ${m.deliveryCount} times without success`);
  }

  /** The message received with this handle is delivered again after `seconds` (MessageVisibility). */
  async setVisibility(handle: string, seconds: number): Promise<void> {
    this.check();
    const m = this.queue.find(q => q.token === handle);
    if (m) m.invisibleUntil = this.now() + seconds * 1000;
  }

  async deadLetter(message: ReceivedMessage, reason: string): Promise<void> {
    this.check();
    const m = this.queue.find(q => q.token === message.handle);
    if (!m) return;
    // The letter carries the body given, as SQS's copy does (a pack's refused events only).
    m.body = message.body;
    this.moveToDead(m, reason);
  }

  async replayDeadLetters(options: { max?: number } = {}): Promise<number> {
    this.check();
    const moved = this.dead.splice(0, options.max ?? this.dead.length);
    for (const m of moved) {
      this.queue.push({
        ...m,
        deliveryCount: 0,
        invisibleUntil: 0,
        token: undefined,
        reason: undefined,
      });
    }
    return moved.length;
  }

  async peekDeadLetters(max = 100): Promise<ReceivedMessage[]> {
    this.check();
    return this.dead.slice(0, max).map(m => ({
      id: m.id,
      body: m.body,
      attributes: {
        ...m.attributes,
        ...(m.reason ? { DeadLetterReason: m.reason } : {}),
      },
      deliveryCount: m.deliveryCount,
      handle: undefined,
    }));
  }

  async depth(): Promise<QueueDepth> {
    this.check();
    const now = this.now();
    const inFlight = this.queue.filter(m => m.invisibleUntil > now).length;
    return {
      active: this.queue.length - inFlight,
      inFlight,
      deadLettered: this.dead.length,
    };
  }

  async close(): Promise<void> {}

  private moveToDead(m: QueuedMessage, reason: string) {
    const i = this.queue.indexOf(m);
    if (i >= 0) this.queue.splice(i, 1);
    this.dead.push({ ...m, token: undefined, reason });
  }

  private check() {
    if (this.failure) throw this.failure;
  }
}
