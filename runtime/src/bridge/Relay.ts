import { toReplicationEvent } from '../domain/merge';
import type { StoredItem } from '../ports/Store';
import type { ParkingLot } from '../ports/ParkingLot';
import type { MessageSender, OutboundMessage } from '../ports/Transport';
import type { MetricsSink } from '../metrics/MetricsSink';

export interface RelayOptions {
  region: string;
  /** The other cloud's inbound queue. */
  outbound: MessageSender;
  /**
   * Where, on this cloud, a batch the other cloud's queue did not take is kept until
   * `ParkedEventResender` sends it on. Without one, a failed send throws and the trigger's own
   * retries decide (Lambda on DynamoDB Streams: retries, then the on-failure destination).
   */
  parking?: ParkingLot;
  metrics?: MetricsSink;
}

export interface RelayResult {
  /** Events accepted by the other cloud's queue. */
  sent: number;
  /** Events parked because the other cloud's queue refused or was unreachable. */
  parked: number;
}

/**
 * Relays committed local writes, as a change-feed trigger hands them over (DynamoDB Streams, the
 * Cosmos DB change feed), to the other cloud, at least once. Writes that came from the other
 * cloud are not sent back (no ping-pong). It resolves only when every event is either on the other
 * cloud's queue or parked durably on this one; otherwise it throws, so the trigger keeps the batch.
 */
export class Relay {
  constructor(private readonly options: RelayOptions) {}

  async relayChanges(changes: StoredItem[]): Promise<RelayResult> {
    const messages = toMessages(
      changes.filter(c => c.source_region === this.options.region),
    );
    if (!messages.length) return { sent: 0, parked: 0 };
    try {
      await this.options.outbound.send(messages);
    } catch (error) {
      if (!this.options.parking) throw error;
      // Park the whole batch: part of it may have gone through, and applying twice is harmless.
      await this.options.parking.park(
        messages.map(m => ({
          ...m,
          attributes: {
            ...m.attributes,
            parked_reason: String((error as Error).message).slice(0, 512),
          },
        })),
      );
      this.options.metrics?.count('parked', messages.length);
      return { sent: 0, parked: messages.length };
    }
    this.options.metrics?.count('relayed', messages.length);
    return { sent: messages.length, parked: 0 };
  }
}

/** One queue message per change: the replication event, with its id and version alongside. */
export function toMessages(changes: StoredItem[]): OutboundMessage[] {
  return changes.map(c => ({
    id: c.event_id,
    body: JSON.stringify(toReplicationEvent(c)),
    attributes: { source_region: c.source_region, version: c.version },
  }));
}
