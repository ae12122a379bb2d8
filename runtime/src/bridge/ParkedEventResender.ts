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
  /**
   * How long one run may send (default 50 s). A run ends with the parking lot empty or at this
   * budget, not at a count: after a 10-minute outage at 50 writes/s some 30,000 events are parked,
   * and a cap of 5,000 a run (what this was) took six runs, six minutes, to send them on. 50 s
   * keeps a run inside its one-minute schedule and far inside the Function App's timeout (5
   * minutes by default on the Consumption plan: "Azure Functions hosting options", function app
   * timeout duration).
   */
  budgetMs?: number;
  now?: () => number;
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
    const now = this.options.now ?? Date.now;
    const until = now() + (this.options.budgetMs ?? 50_000);
    const max = options.max ?? Number.POSITIVE_INFINITY;
    let resent = 0;
    while (resent < max && now() < until) {
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
