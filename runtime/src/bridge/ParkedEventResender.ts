import type { MetricsSink } from '../metrics/MetricsSink';
import type { ParkingLot } from '../ports/ParkingLot';
import type { MessageSender } from '../ports/Transport';

export interface ParkedEventResenderOptions {
  /** Where the relay parked what the other cloud's queue did not take. */
  parking: ParkingLot;
  /** The other cloud's inbound queue. */
  outbound: MessageSender;
  metrics?: MetricsSink;
  batchSize?: number;
}

export interface ResendResult {
  resent: number;
  /** Set when the other cloud's queue still refused: the rest stays parked for the next run. */
  error?: Error;
}

/**
 * Sends parked replication events on to the other cloud, run on a schedule, oldest first. An
 * event leaves the parking lot only after the other cloud's queue took it; when a send fails the
 * run stops and everything stays parked, however long the outage lasts.
 */
export class ParkedEventResender {
  constructor(private readonly options: ParkedEventResenderOptions) {}

  async drain(options: { max?: number } = {}): Promise<ResendResult> {
    const { parking, outbound, batchSize = 50 } = this.options;
    const max = options.max ?? 5_000;
    let resent = 0;
    while (resent < max) {
      const batch = await parking.oldest(Math.min(batchSize, max - resent));
      if (!batch.length) break;
      const messages = batch.map(m => {
        const { parked_reason: _reason, ...attributes } = m.attributes ?? {};
        return { ...m, attributes };
      });
      try {
        await outbound.send(messages);
      } catch (error) {
        return { resent, error: error as Error };
      }
      await parking.remove(batch);
      resent += batch.length;
      this.options.metrics?.count('resent', batch.length);
    }
    return { resent };
  }
}
