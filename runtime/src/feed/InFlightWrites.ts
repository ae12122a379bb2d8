/**
 * The versions of local writes issued but not yet committed or failed, in one process, and the
 * range of versions the process has issued at all.
 */
export class InFlightWrites {
  private readonly versions = new Set<string>();
  private first: string | undefined;
  private last: string | undefined;

  /** Runs a write under its version, so the feed holds back until it settles. */
  async track<T>(version: string, write: () => Promise<T>): Promise<T> {
    this.versions.add(version);
    if (this.first === undefined || version < this.first) this.first = version;
    if (this.last === undefined || version > this.last) this.last = version;
    try {
      return await write();
    } finally {
      this.versions.delete(version);
    }
  }

  private oldest(): string | undefined {
    let min: string | undefined;
    for (const v of this.versions) if (min === undefined || v < min) min = v;
    return min;
  }

  /**
   * Taken before a feed query: a predicate that is true of the versions that query may relay.
   * A write issued during the query can commit after a newer one and be missed, so the query
   * relays nothing issued after this moment, nor anything at or after a write still in flight.
   */
  horizon(): (version: string) => boolean {
    const oldest = this.oldest();
    if (oldest !== undefined) return v => v < oldest;
    const last = this.last;
    if (last !== undefined) return v => v <= last;
    // Nothing issued yet by this process: what it issues later starts at its first version.
    return v => this.first === undefined || v < this.first;
  }
}
