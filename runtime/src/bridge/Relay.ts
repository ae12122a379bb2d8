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
  /**
   * Writes already sent by `relayChanges` that the feed has not yet passed: the feed skips them,
   * so a process that relays right after commit and polls as a safety net sends each write once.
   */
  private readonly sentAhead = new Set<string>();
  private lastBatchSize = 0;

  constructor(private readonly options: RelayOptions) {}

  /** Relays what has been committed since the checkpoint; returns how many events it sent. */
  async runOnce(): Promise<number> {
    const { feed, checkpoints, batchSize = 100 } = this.options;
    const from = await checkpoints.load();
    const batch = await feed.read(from, { max: batchSize });
    // A feed that did not move on has nothing more to give now, whatever it returned.
    this.lastBatchSize = batch.checkpoint !== from ? batch.changes.length : 0;
    const sent = await this.send(
      batch.changes.filter(c => !this.sentAhead.has(sentKey(c))),
    );
    if (batch.checkpoint && batch.checkpoint !== from) {
      await checkpoints.save(batch.checkpoint);
      for (const key of this.sentAhead) {
        if (key.split('|')[0] <= batch.checkpoint) this.sentAhead.delete(key);
      }
    }
    return sent;
  }

  /** Relays until the feed is drained. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      total += await this.runOnce();
      if (this.lastBatchSize === 0) return total;
    }
  }

  /**
   * Sends changes handed over as they commit: by a production feed (DynamoDB Streams, Cosmos DB
   * change feed), whose trigger keeps the checkpoint itself, or by a process that relays its own
   * writes at once and runs the feed as a safety net (the sandbox).
   */
  async relayChanges(changes: StoredItem[]): Promise<number> {
    const sent = await this.send(changes);
    for (const c of changes)
      if (c.source_region === this.options.region)
        this.sentAhead.add(sentKey(c));
    return sent;
  }

  private async send(changes: StoredItem[]): Promise<number> {
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

/**
 * A relay for a function triggered by the store's own change feed (DynamoDB Streams, the Cosmos DB
 * change feed): the trigger keeps the checkpoint, so the relay is only handed changes.
 */
export function createTriggeredRelay(
  options: Pick<RelayOptions, 'region' | 'outbound' | 'metrics'>,
): Relay {
  return new Relay({
    ...options,
    feed: { read: async () => ({ changes: [], checkpoint: '' }) },
    checkpoints: { load: async () => undefined, save: async () => undefined },
  });
}

function sentKey(change: StoredItem): string {
  return `${change.version}|${change.event_id}`;
}
