import { randomUUID } from 'node:crypto';
import type { ReplicationEvent } from '../domain/event';
import { toStoredItem } from '../domain/merge';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import type { ListOptions, ListPage, Store, StoredItem } from '../ports/Store';
import type { WriteGate } from './WriteGate';
import type { InFlightWrites } from '../feed/InFlightWrites';

export interface ItemServiceOptions {
  store: Store;
  clock: HybridLogicalClock;
  /** Decides whether this region takes writes (consistency mode B); all writes pass when absent. */
  writeGate?: WriteGate;
  /** Where the polling change feed learns which local writes have not committed yet. */
  inFlight?: InFlightWrites;
  now?: () => number;
}

/** A write that finds a newer stored version is stamped again this many times at most. */
const MAX_WRITE_ATTEMPTS = 5;

/** The local write path of a region: each write becomes a versioned event applied to the store. */
export class ItemService {
  constructor(private readonly options: ItemServiceOptions) {}

  get region(): string {
    return this.options.clock.region;
  }

  async get(key: string): Promise<StoredItem | undefined> {
    const item = await this.options.store.get(key);
    return item && !item.deleted ? item : undefined;
  }

  list(options?: ListOptions): Promise<ListPage> {
    return this.options.store.list(options);
  }

  async put(
    key: string,
    payload: Record<string, unknown>,
  ): Promise<StoredItem> {
    return this.write({ op_type: 'put', key, payload });
  }

  /** Writes a tombstone; returns undefined when there was nothing to delete. */
  async delete(key: string): Promise<StoredItem | undefined> {
    if (!(await this.get(key))) return undefined;
    return this.write({ op_type: 'delete', key, payload: null });
  }

  private async write(
    change: Pick<ReplicationEvent, 'op_type' | 'key' | 'payload'>,
  ): Promise<StoredItem> {
    this.options.writeGate?.assertWritable();
    for (let attempt = 1; ; attempt++) {
      const event: ReplicationEvent = {
        ...change,
        event_id: randomUUID(),
        source_region: this.region,
        timestamp: (this.options.now ?? Date.now)(),
        version: this.options.clock.tick(),
      };
      const apply = () => this.options.store.apply(event);
      const outcome = await (this.options.inFlight
        ? this.options.inFlight.track(event.version, apply)
        : apply());
      if (outcome === 'applied') return toStoredItem(event);
      // 'stale': a newer version of the key landed between the tick and the write: a concurrent
      // write of this region stamped later but stored first (the store's conditional write
      // retries reorder them), or another region's event from a clock a little ahead. The
      // requests were concurrent, so either order is a valid outcome: this write goes after it,
      // with a version newer than the stored one. The clock refuses a stored version beyond its
      // allowed drift, and a key that keeps moving still fails after a few attempts, rather
      // than acknowledging a write that was not stored.
      const stored = await this.options.store.get(change.key);
      if (attempt >= MAX_WRITE_ATTEMPTS || !stored)
        throw new Error(
          `write of ${event.key} at ${event.version} was not newer than the stored item`,
        );
      this.options.clock.observe(stored.version);
    }
  }
}
