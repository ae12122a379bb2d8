interface Entry<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions<Target, Item, Result> {
  /** Items whose targets have the same key can share a call. */
  keyOf(target: Target): string;
  /** The most items one upstream call takes (500 queries for CloudWatch, 50 resources for Azure Monitor). */
  maxPerCall: number;
  /** One upstream call: a result per item, in order. */
  send(target: Target, items: Item[]): Promise<Result[]>;
  /** Sends once no item came for this long (default 10 ms)... */
  idleMs?: number;
  /** ...or once the first item has waited this long (default 1000 ms). */
  maxWaitMs?: number;
}

/**
 * Collects the items of many callers for a few milliseconds and sends them in as few upstream calls
 * as possible: one per `maxPerCall` items of the same target. A status refresh of a whole catalog
 * then costs ceil(items / maxPerCall) calls, not one per service. The cost is up to `maxWaitMs`
 * more on an uncached read.
 */
export class Batcher<Target, Item, Result> {
  private readonly pending = new Map<
    string,
    { entries: Entry<Item, Result>[]; touch(): void }
  >();

  constructor(private readonly options: BatcherOptions<Target, Item, Result>) {}

  add(target: Target, items: Item[]): Promise<Result[]> {
    const key = this.options.keyOf(target);
    let batch = this.pending.get(key);
    if (!batch) {
      batch = this.open(key, target);
      this.pending.set(key, batch);
    }
    batch.touch();
    const entries = batch.entries;
    const results = Promise.all(
      items.map(
        item =>
          new Promise<Result>((resolve, reject) =>
            entries.push({ item, resolve, reject }),
          ),
      ),
    );
    // Full calls go at once; the rest waits for the window to close.
    this.dispatch(target, entries, this.options.maxPerCall);
    return results;
  }

  /**
   * A batch that closes when items stop coming, so a burst of status reads (a page of cards, or a
   * refresh) lands in one batch even when each read first spends milliseconds elsewhere.
   */
  private open(key: string, target: Target) {
    const entries: Entry<Item, Result>[] = [];
    const opened = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const close = () => {
      this.pending.delete(key);
      this.dispatch(target, entries, 1);
    };
    return {
      entries,
      touch: () => {
        clearTimeout(timer);
        const idle = this.options.idleMs ?? 10;
        const left = opened + (this.options.maxWaitMs ?? 1000) - Date.now();
        timer = setTimeout(close, Math.max(0, Math.min(idle, left)));
      },
    };
  }

  /** Sends calls of up to `maxPerCall` items taken from `entries` while at least `minimum` (>= 1) wait. */
  private dispatch(
    target: Target,
    entries: Entry<Item, Result>[],
    minimum: number,
  ) {
    while (entries.length >= minimum) {
      const call = entries.splice(0, this.options.maxPerCall);
      this.options
        .send(
          target,
          call.map(e => e.item),
        )
        .then(
          results => call.forEach((e, n) => e.resolve(results[n])),
          error => call.forEach(e => e.reject(error)),
        );
    }
  }
}
