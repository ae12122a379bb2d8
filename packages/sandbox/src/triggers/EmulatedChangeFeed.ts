import {
  PollingChangeFeed,
  type ChangeBatch,
  type ChangeFeed,
  type InFlightWrites,
  type StoredItem,
  type VersionIndex,
} from '@multicloud/runtime';

/**
 * The change feed an emulator lacks, played for the stream and change-feed triggers: the region's
 * own commits since this process started come from memory, as they commit; what was committed
 * before (a restart, a trigger far behind) comes from the version index until the trigger has
 * caught up. Querying the index on every poll would cost a scan of the container per poll on
 * cosmosdb-server (about 100 ms at 6,000 items), many times a second under load.
 *
 * Like `PollingChangeFeed`, it never hands over a version at or after a local write still in
 * flight, as that write may yet commit below it.
 */
export class EmulatedChangeFeed implements ChangeFeed {
  private readonly polling: PollingChangeFeed;
  /** This process's own commits not yet behind the trigger's checkpoint, in version order. */
  private tail: StoredItem[] = [];
  /** Reads from a checkpoint at or after this come from `tail`; undefined until caught up. */
  private floor: string | undefined;
  private caughtUp = false;

  constructor(
    private readonly options: {
      index: VersionIndex;
      region: string;
      inFlight: InFlightWrites;
    },
  ) {
    this.polling = new PollingChangeFeed(options);
  }

  /** A write of this region committed (the store applied it). */
  committed(item: StoredItem): void {
    if (item.source_region !== this.options.region) return;
    let i = this.tail.length;
    while (i > 0 && this.tail[i - 1].version > item.version) i -= 1;
    this.tail.splice(i, 0, item);
  }

  async read(
    checkpoint: string | undefined,
    { max = 100 } = {},
  ): Promise<ChangeBatch> {
    const from = checkpoint ?? '';
    if (!this.caughtUp || from < this.floor!) {
      const batch = await this.polling.read(checkpoint, { max });
      if (batch.changes.length) return batch;
      // Nothing committed after the checkpoint but in flight or in this process's tail: from
      // here on the tail has every commit the index would give.
      this.caughtUp = true;
      this.floor = from;
    }
    // Only the trigger reads, forward: what is behind its checkpoint will not be asked for again.
    while (this.tail.length && this.tail[0].version <= from) this.tail.shift();
    const relayable = this.options.inFlight.horizon();
    const changes: StoredItem[] = [];
    for (const item of this.tail) {
      if (changes.length >= max || !relayable(item.version)) break;
      changes.push(item);
    }
    return {
      changes,
      checkpoint: changes.length
        ? changes[changes.length - 1].version
        : checkpoint ?? '',
    };
  }
}
