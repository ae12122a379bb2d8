import { shouldApply, toStoredItem } from '../domain/merge';
import type { ReplicationEvent } from '../domain/event';
import type {
  ApplyOutcome,
  ListOptions,
  ListPage,
  Store,
  StoredItem,
  VersionPage,
} from '../ports/Store';
import { decodeCursor, encodeCursor, paginate } from './paginate';
import type { VersionIndex } from '../ports/VersionIndex';

/**
 * A Store in memory, with exactly the semantics of the cloud adapters, and the version index an
 * emulated change feed polls; for tests and models.
 */
export class MemoryStore implements Store, VersionIndex {
  private readonly items = new Map<string, StoredItem>();
  /** Set to make every call fail, as a store outage would. */
  failure: Error | undefined;

  async get(key: string): Promise<StoredItem | undefined> {
    this.check();
    const item = this.items.get(key);
    return item && { ...item };
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    this.check();
    if (!shouldApply(this.items.get(event.key), event)) return 'stale';
    this.items.set(event.key, toStoredItem(event));
    return 'applied';
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    this.check();
    return paginate(
      [...this.items.values()].map(i => ({ ...i })),
      options,
    );
  }

  async scanVersions(
    options: { cursor?: string; limit?: number } = {},
  ): Promise<VersionPage> {
    this.check();
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const rest = [...this.items.values()]
      .filter(i => after === undefined || i.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const page = rest.slice(0, options.limit ?? 1000);
    return {
      entries: page.map(({ key, version }) => ({ key, version })),
      cursor:
        rest.length > page.length
          ? encodeCursor(page[page.length - 1].key)
          : undefined,
    };
  }

  async ping(): Promise<void> {
    this.check();
  }

  async changesSince(
    sourceRegion: string,
    afterVersion: string | undefined,
    limit: number,
  ): Promise<StoredItem[]> {
    this.check();
    return [...this.items.values()]
      .filter(
        i =>
          i.source_region === sourceRegion &&
          (afterVersion === undefined || i.version > afterVersion),
      )
      .sort((a, b) => (a.version < b.version ? -1 : 1))
      .slice(0, limit)
      .map(i => ({ ...i }));
  }

  /** Every item including tombstones, sorted by key: for convergence checks. */
  snapshot(): StoredItem[] {
    return [...this.items.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  private check() {
    if (this.failure) throw this.failure;
  }
}
