import type { ReplicationEvent } from '../domain/event';

/** What a store holds for one key: the latest write, or a tombstone if the latest was a delete. */
export interface StoredItem {
  key: string;
  /** The item's attributes; null for a tombstone. */
  payload: Record<string, unknown> | null;
  version: string;
  /** Where the latest write was made, and when. */
  source_region: string;
  timestamp: number;
  event_id: string;
  /** True for a delete; tombstones are kept (and expired by TTL) so deletes replicate. */
  deleted: boolean;
}

export type ApplyOutcome =
  /** The event was newer than what the store held, and is now stored. */
  | 'applied'
  /** The store already held this version or a newer one: nothing changed (idempotent). */
  | 'stale';

export interface ListOptions {
  limit?: number;
  /** Opaque cursor from a previous page; `list` refuses one it did not issue (InvalidCursorError). */
  cursor?: string;
  /** Include tombstones (replication and convergence checks need them; the HTTP API does not). */
  includeDeleted?: boolean;
}

/** A cursor that no page of this store issued: refused, never read as "start from the top". */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one a previous page returned');
    this.name = 'InvalidCursorError';
  }
}

export interface ListPage {
  items: StoredItem[];
  cursor?: string;
}

/** One item's key and version (a tombstone's too): what anti-entropy compares between clouds. */
export interface VersionEntry {
  key: string;
  version: string;
}

export interface VersionPage {
  entries: VersionEntry[];
  /** Where the next page starts; absent on the last page. */
  cursor?: string;
}

/**
 * The store port. `apply` is one conditional write, "only if the incoming version is newer than
 * the stored one", so applying the same event twice, or events in any order, gives the same state.
 */
export interface Store {
  get(key: string): Promise<StoredItem | undefined>;
  apply(event: ReplicationEvent): Promise<ApplyOutcome>;
  list(options?: ListOptions): Promise<ListPage>;
  /**
   * Every item's key and version, tombstones included, one page at a time in the store's own
   * order (not key order): the anti-entropy reconciler reads the whole store with it, so each
   * page is one native request (a Scan page, a query page), never a re-read from the start.
   */
  scanVersions(options?: {
    cursor?: string;
    limit?: number;
  }): Promise<VersionPage>;
  /** Cheap reachability check for `/health`. */
  ping(): Promise<void>;
}
