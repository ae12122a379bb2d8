import type { MetricsSink } from '../metrics/MetricsSink';
import type {
  MessageReceiver,
  MessageSender,
  ReceivedMessage,
} from '../ports/Transport';

export interface ParkedEventResenderOptions {
  /** The parking queue on this cloud, where the relay put what the other cloud did not take. */
  parking: MessageReceiver & MessageSender;
  /** The other cloud's inbound queue. */
  outbound: MessageSender;
  metrics?: MetricsSink;
  batchSize?: number;
}

export interface ResendResult {
  resent: number;
  /** Set when the other cloud's queue still refused: what was taken is parked again. */
  error?: Error;
}

/**
 * Sends parked replication events on to the other cloud, run on a schedule. A batch is settled
 * only after the other cloud's queue took it. When the send fails, the batch is parked again as
 * new messages and the old ones completed, so an outage of any length never runs a parked event
 * out of deliveries (Service Bus dead-letters a message after its queue's maxDeliveryCount).
 */
export class ParkedEventResender {
  constructor(private readonly options: ParkedEventResenderOptions) {}

  async drain(options: { max?: number } = {}): Promise<ResendResult> {
    const { parking, outbound, batchSize = 50 } = this.options;
    const max = options.max ?? 5_000;
    let resent = 0;
    while (resent < max) {
      const batch = await parking.receive({
        maxMessages: Math.min(batchSize, max - resent),
      });
      if (!batch.length) break;
      const messages = batch.map(m => {
        const { parked_reason: _reason, ...attributes } = m.attributes;
        return { id: m.id, body: m.body, attributes };
      });
      try {
        await outbound.send(messages);
      } catch (error) {
        await this.repark(batch);
        return { resent, error: error as Error };
      }
      await Promise.all(batch.map(m => parking.ack(m)));
      resent += batch.length;
      this.options.metrics?.count('resent', batch.length);
    }
    return { resent };
  }

  private async repark(batch: ReceivedMessage[]) {
    const { parking } = this.options;
    try {
      await parking.send(
        batch.map(m => ({ id: m.id, body: m.body, attributes: m.attributes })),
      );
    } catch {
      // The parking queue itself is out of reach: leave the batch locked; it comes back when the
      // lock expires, one delivery spent.
      return;
    }
    await Promise.all(batch.map(m => parking.ack(m)));
  }
}
