import type { Relay } from '../bridge/Relay';
import type { ChangeFeed, CheckpointStore } from '../ports/ChangeFeed';

export interface FeedRelayOptions {
  feed: ChangeFeed;
  checkpoints: CheckpointStore;
  relay: Relay;
  batchSize?: number;
}

/**
 * Drives a relay from a polled change feed, as a trigger would where an emulator has none: it
 * relays a batch, and only then saves the checkpoint, so a crash in between relays the batch again
 * (the receiver is idempotent). For tests and models; the sandbox drives the entry points through
 * its trigger harness instead.
 */
export class FeedRelay {
  constructor(private readonly options: FeedRelayOptions) {}

  /** Relays what has been committed since the checkpoint; returns how many changes it read. */
  async runOnce(): Promise<number> {
    const { feed, checkpoints, relay, batchSize = 100 } = this.options;
    const from = await checkpoints.load();
    const batch = await feed.read(from, { max: batchSize });
    if (!batch.checkpoint || batch.checkpoint === from) return 0;
    await relay.relayChanges(batch.changes);
    await checkpoints.save(batch.checkpoint);
    return batch.changes.length;
  }

  /** Relays until the feed is drained; returns how many changes it read. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const read = await this.runOnce();
      if (!read) return total;
      total += read;
    }
  }
}
