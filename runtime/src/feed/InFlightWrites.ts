/** The versions of local writes issued but not yet committed or failed, in one process. */
export class InFlightWrites {
  private readonly versions = new Set<string>();

  /** Runs a write under its version, so the feed holds back until it settles. */
  async track<T>(version: string, write: () => Promise<T>): Promise<T> {
    this.versions.add(version);
    try {
      return await write();
    } finally {
      this.versions.delete(version);
    }
  }

  oldest(): string | undefined {
    let min: string | undefined;
    for (const v of this.versions) if (min === undefined || v < min) min = v;
    return min;
  }
}
