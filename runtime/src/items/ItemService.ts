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
    const event: ReplicationEvent = {
      ...change,
      event_id: randomUUID(),
      source_region: this.region,
      timestamp: (this.options.now ?? Date.now)(),
      version: this.options.clock.tick(),
    };
    // A local version is always newer than anything this region stored (the clock observed it),
    // so 'stale' here would mean a clock bug: fail loudly rather than acknowledge a lost write.
    const apply = () => this.options.store.apply(event);
    const outcome = await (this.options.inFlight
      ? this.options.inFlight.track(event.version, apply)
      : apply());
    if (outcome !== 'applied') {
      throw new Error(
        `write of ${event.key} at ${event.version} was not newer than the stored item`,
      );
    }
    return toStoredItem(event);
  }
}
