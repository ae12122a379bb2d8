import type { ChangeBatch, ChangeFeed } from '../ports/ChangeFeed';
import type { VersionIndex } from '../ports/VersionIndex';
import type { InFlightWrites } from './InFlightWrites';

export interface PollingChangeFeedOptions {
  index: VersionIndex;
  /** Only this region's own writes are relayed: remote ones came from the other cloud. */
  region: string;
  /** The local writes not yet committed; the feed never moves past the oldest of them. */
  inFlight?: InFlightWrites;
}

/**
 * The ChangeFeed port served by polling the store's version index, for emulators without a feed
 * (dynalite has no Streams). Production uses DynamoDB Streams and the Cosmos DB change feed.
 *
 * Versions are issued before the write commits, so a write can commit after a newer one. The feed
 * therefore stops short of the oldest write still in flight in this process, and of every write
 * issued while its query runs: the checkpoint never passes a version that may yet appear, and a
 * restarted process re-reads from the checkpoint.
 */
export class PollingChangeFeed implements ChangeFeed {
  constructor(private readonly options: PollingChangeFeedOptions) {}

  async read(
    checkpoint: string | undefined,
    { max = 100 } = {},
  ): Promise<ChangeBatch> {
    const relayable = this.options.inFlight?.horizon() ?? (() => true);
    const found = await this.options.index.changesSince(
      this.options.region,
      checkpoint,
      max,
    );
    // Changes come in version order: stop at the first one that may yet have an older sibling.
    const cut = found.findIndex(c => !relayable(c.version));
    const changes = cut < 0 ? found : found.slice(0, cut);
    return {
      changes,
      checkpoint: changes.length
        ? changes[changes.length - 1].version
        : checkpoint ?? '',
    };
  }
}
