import type { StoredItem } from '../ports/Store';

/** Stores that can list the writes of one source region in version order (the poller's index). */
export interface VersionIndex {
  changesSince(
    sourceRegion: string,
    afterVersion: string | undefined,
    limit: number,
  ): Promise<StoredItem[]>;
}
