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
  /** Per key, the last local write queued: the writes of one key in this process go one by one. */
  private readonly queued = new Map<string, Promise<unknown>>();

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

  /**
   * Writes of one key in this process are stamped and stored one at a time: concurrent ones
   * would be stamped in one order and stored in another (a conditional write that retries lets
   * a later-stamped one in first), and the earlier-stamped one would find a newer version.
   */
  private write(
    change: Pick<ReplicationEvent, 'op_type' | 'key' | 'payload'>,
  ): Promise<StoredItem> {
    const previous = this.queued.get(change.key) ?? Promise.resolve();
    const next = previous.then(
      () => this.stampAndStore(change),
      () => this.stampAndStore(change),
    );
    const settled = next.catch(() => undefined);
    this.queued.set(change.key, settled);
    void settled.then(() => {
      if (this.queued.get(change.key) === settled)
        this.queued.delete(change.key);
    });
    return next;
  }

  private async stampAndStore(
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
      // 'stale': a newer version of the key landed between the tick and the write: another
      // region's event from a clock a little ahead, or a write of another instance of this
      // region. The writes were concurrent, so either order is a valid outcome: this one goes
      // after it, with a version newer than the stored one. The clock refuses a stored version
      // beyond its allowed drift, and a key that keeps moving still fails after a few attempts,
      // rather than acknowledging a write that was not stored.
      const stored = await this.options.store.get(change.key);
      if (attempt >= MAX_WRITE_ATTEMPTS || !stored)
        throw new Error(
          `write of ${event.key} at ${event.version} was not newer than the stored item`,
        );
      this.options.clock.observe(stored.version);
    }
  }
}
