import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  parseReplicationEvent,
  type ApplyOutcome,
  type ListOptions,
  type ListPage,
  type ReplicationEvent,
  type Store,
  type StoredItem,
  type VersionPage,
} from '@multicloud/runtime';

/**
 * Keeps a store's applied events in a file, for an emulator that keeps nothing on disk
 * (cosmosdb-server). At start the journal is applied again; since applying is idempotent and
 * order-independent, that re-creates exactly the state before the restart. An event is journaled
 * before `apply` returns, so nothing acknowledged is missing from it.
 */
export class JournaledStore implements Store {
  constructor(private readonly inner: Store, private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Applies the journal to the (empty) store; returns how many events it replayed. */
  async restore(): Promise<number> {
    if (!existsSync(this.path)) return 0;
    let n = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      await this.inner.apply(parseReplicationEvent(JSON.parse(line)));
      n += 1;
    }
    return n;
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    const outcome = await this.inner.apply(event);
    if (outcome === 'applied')
      appendFileSync(this.path, `${JSON.stringify(event)}\n`);
    return outcome;
  }

  get(key: string): Promise<StoredItem | undefined> {
    return this.inner.get(key);
  }

  list(options?: ListOptions): Promise<ListPage> {
    return this.inner.list(options);
  }

  scanVersions(options?: {
    cursor?: string;
    limit?: number;
  }): Promise<VersionPage> {
    return this.inner.scanVersions(options);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
}
