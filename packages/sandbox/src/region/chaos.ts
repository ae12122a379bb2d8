import type {
  ReplicationEvent,
  Store,
  StoredItem,
  ApplyOutcome,
  ListOptions,
  ListPage,
  VersionIndex,
  VersionPage,
} from '@multicloud/runtime';

export const CHAOS_MODES = [
  'none',
  'down',
  'store-failure',
  'bridge-cut',
] as const;
export type ChaosMode = (typeof CHAOS_MODES)[number];

/** A store that fails every call while its region's chaos says `store-failure`. */
export class ChaosStore implements Store, VersionIndex {
  constructor(
    private readonly inner: Store & VersionIndex,
    private readonly chaos: () => ChaosMode,
    /** Called after each applied event, so the relay can send a local write at once. */
    private readonly onApplied: (event: ReplicationEvent) => void = () =>
      undefined,
  ) {}

  private check() {
    if (this.chaos() === 'store-failure')
      throw new Error(
        'the store is unavailable (sandbox chaos: store-failure)',
      );
  }

  async get(key: string): Promise<StoredItem | undefined> {
    this.check();
    return this.inner.get(key);
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    this.check();
    const outcome = await this.inner.apply(event);
    if (outcome === 'applied') this.onApplied(event);
    return outcome;
  }

  async list(options?: ListOptions): Promise<ListPage> {
    this.check();
    return this.inner.list(options);
  }

  async scanVersions(options?: {
    cursor?: string;
    limit?: number;
  }): Promise<VersionPage> {
    this.check();
    return this.inner.scanVersions(options);
  }

  async ping(): Promise<void> {
    this.check();
    return this.inner.ping();
  }

  async changesSince(
    region: string,
    after: string | undefined,
    limit: number,
  ): Promise<StoredItem[]> {
    this.check();
    return this.inner.changesSince(region, after, limit);
  }
}
