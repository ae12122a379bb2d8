import type {
  ApplyOutcome,
  ListOptions,
  ListPage,
  MessageSender,
  OutboundMessage,
  ReplicationEvent,
  Store,
  StoredItem,
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
export class ChaosStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly chaos: () => ChaosMode,
    /** Called after each applied event, as the store's change feed would learn of it. */
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
}

/** The other cloud's queue as this region reaches it: unreachable while chaos says `bridge-cut`. */
export class ChaosSender implements MessageSender {
  constructor(
    private readonly inner: MessageSender,
    private readonly chaos: () => ChaosMode,
  ) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    if (this.chaos() === 'bridge-cut')
      throw new Error(
        "the other cloud's queue is unreachable (sandbox chaos: bridge-cut)",
      );
    await this.inner.send(messages);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}
