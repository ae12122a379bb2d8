import { toReplicationEvent } from '../domain/merge';
import type { ChangeFeed, CheckpointStore } from '../ports/ChangeFeed';
import type { StoredItem } from '../ports/Store';
import type { Transport } from '../ports/Transport';
import type { MetricsSink } from '../metrics/MetricsSink';

export interface RelayOptions {
  region: string;
  feed: ChangeFeed;
  checkpoints: CheckpointStore;
  /** The other cloud's inbound queue. */
  outbound: Transport;
  metrics?: MetricsSink;
  batchSize?: number;
}

/**
 * Relays committed local writes to the other cloud, at least once: it sends a batch, and only then
 * saves the checkpoint, so a crash in between sends the batch again (the receiver is idempotent).
 * Writes that came from the other cloud are not sent back (no ping-pong).
 */
export class Relay {
  constructor(private readonly options: RelayOptions) {}

  /** Relays what has been committed since the checkpoint; returns how many events it sent. */
  async runOnce(): Promise<number> {
    const { feed, checkpoints, batchSize = 100 } = this.options;
    const from = await checkpoints.load();
    const batch = await feed.read(from, { max: batchSize });
    const sent = await this.relayChanges(batch.changes);
    if (batch.checkpoint && batch.checkpoint !== from)
      await checkpoints.save(batch.checkpoint);
    return sent;
  }

  /** Relays until the feed is drained. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Sends changes handed over by a production feed (DynamoDB Streams, Cosmos DB change feed), whose
   * trigger keeps the checkpoint itself.
   */
  async relayChanges(changes: StoredItem[]): Promise<number> {
    const local = changes.filter(c => c.source_region === this.options.region);
    if (!local.length) return 0;
    await this.options.outbound.send(
      local.map(c => ({
        id: `${c.event_id}`,
        body: JSON.stringify(toReplicationEvent(c)),
        attributes: { source_region: c.source_region, version: c.version },
      })),
    );
    this.options.metrics?.count('relayed', local.length);
    return local.length;
  }
}
