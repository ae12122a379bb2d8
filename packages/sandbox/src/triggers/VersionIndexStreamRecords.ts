import type {
  StoredItem,
  StreamBatchInfo,
  StreamRecords,
  VersionIndex,
} from '@multicloud/runtime';

/**
 * The emulated stream read again by sequence numbers, which in the sandbox are versions: one
 * region's writes from the batch's first version to its last. A key written again since shows its
 * newer version, which the stream trigger hands over on its own; the older one is superseded.
 */
export class VersionIndexStreamRecords implements StreamRecords {
  constructor(
    private readonly index: VersionIndex,
    private readonly region: string,
  ) {}

  async read(batch: StreamBatchInfo): Promise<StoredItem[]> {
    const found: StoredItem[] = [];
    // The index lists versions after a given one. Within one region no version lies between the
    // first's prefix without its last character and the first itself: same wall time, counter and
    // region prefix, one character shorter.
    let after = batch.startSequenceNumber.slice(0, -1);
    for (;;) {
      const page = await this.index.changesSince(this.region, after, 500);
      for (const item of page) {
        if (item.version > batch.endSequenceNumber) return found;
        found.push(item);
      }
      if (page.length < 500) return found;
      after = page[page.length - 1].version;
    }
  }
}
