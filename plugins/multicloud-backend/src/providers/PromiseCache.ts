export interface PromiseCacheOptions<T> {
  /** How long a promise is kept; for ever without it. */
  ttlMs?: number;
  /** Keys kept at most; past it the oldest entry goes first. Unbounded without it. */
  maxEntries?: number;
  /** Whether a value is worth keeping (default: every value); one that is not is forgotten. */
  keep?: (value: T) => boolean;
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
    { at: number; value: Promise<T> }
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
    if (!fresh && cached && (ttlMs === undefined || now - cached.at < ttlMs))
      return cached.value;
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

  delete(key: string): void {
    this.entries.delete(key);
  }
}
