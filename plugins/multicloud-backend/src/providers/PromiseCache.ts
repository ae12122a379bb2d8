/**
 * One promise per key, shared by concurrent callers and kept for `ttlMs` (for ever without it).
 * A promise that rejects is forgotten, so the next call tries again rather than repeating the
 * failure.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

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
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
