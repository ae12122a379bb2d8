import type { StoredItem } from './Store';

/**
 * The change feed port: committed writes, in commit order per key, delivered at least once and
 * resumable from a checkpoint, so no committed write is lost if a process dies after the commit.
 * Production: DynamoDB Streams → Lambda, Cosmos DB change feed → Function. Where an emulator has
 * no feed, a checkpointed poller over a version index serves the same port.
 */
export interface ChangeBatch {
  changes: StoredItem[];
  /** Where to resume after this batch has been handled. */
  checkpoint: string;
}

export interface ChangeFeed {
  /** Changes committed after `checkpoint` (from the beginning when undefined). */
  read(
    checkpoint: string | undefined,
    options?: { max?: number },
  ): Promise<ChangeBatch>;
}

/** Where a relay keeps its checkpoint between runs. */
export interface CheckpointStore {
  load(): Promise<string | undefined>;
  save(checkpoint: string): Promise<void>;
}
