export interface PromiseCacheOptions<T> {
  /** How long a promise is kept; for ever without it. */
  ttlMs?: number;
  /** Keys kept at most; past it the oldest entry goes first. Unbounded without it. */
  maxEntries?: number;
  /** Whether a value is worth keeping (default: every value); one that is not is forgotten. */
  keep?: (value: T) => boolean;
  /**
   * Past this age (below `ttlMs`), a call still gets the kept value at once, and the value is
   * asked again in the background to replace it: a key asked for steadily never waits, and no
   * value is older than `ttlMs`. A value asked again that `keep` refuses is forgotten at once; one
   * that fails leaves the kept value until `ttlMs`.
   */
  refreshAfterMs?: number;
  now?: () => number;
}

/**
 * One promise per key, shared by concurrent callers and kept for `ttlMs` (for ever without it).
 * A promise that rejects is forgotten, so the next call tries again rather than repeating the
 * failure; so is one whose value `keep` refuses.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T>; refreshing?: boolean }
  >();

  constructor(private readonly options: PromiseCacheOptions<T> = {}) {}

  get(
    key: string,
    create: () => Promise<T>,
    { fresh = false }: { fresh?: boolean } = {},
  ): Promise<T> {
    const now = this.options.now?.() ?? Date.now();
    const cached = this.entries.get(key);
    const ttlMs = this.options.ttlMs;
    if (!fresh && cached && (ttlMs === undefined || now - cached.at < ttlMs)) {
      const { refreshAfterMs } = this.options;
      if (
        refreshAfterMs !== undefined &&
        now - cached.at >= refreshAfterMs &&
        !cached.refreshing
      )
        this.refresh(key, cached, now, create);
      return cached.value;
    }
    const entry = { at: now, value: create() };
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    const { keep, maxEntries } = this.options;
    entry.value.then(value => {
      if (keep && !keep(value)) forget();
    }, forget);
    // Set anew, so that the Map's order is the order entries were filled in, oldest first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (maxEntries !== undefined && this.entries.size > maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    return entry.value;
  }

  /** Asks `key` again while its kept value is still served (see `refreshAfterMs`). */
  private refresh(
    key: string,
    cached: { at: number; value: Promise<T>; refreshing?: boolean },
    now: number,
    create: () => Promise<T>,
  ) {
    cached.refreshing = true;
    create().then(
      value => {
        // Deleted or replaced meanwhile: that is newer than this answer.
        if (this.entries.get(key) !== cached) return;
        this.entries.delete(key);
        if (this.options.keep && !this.options.keep(value)) return;
        this.entries.set(key, { at: now, value: Promise.resolve(value) });
      },
      () => {
        cached.refreshing = false;
      },
    );
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
