/**
 * Consistency modes. Mode A (`active-active`): both regions take writes and converge by
 * last-writer-wins. Mode B (`primary-secondary`): only the primary takes writes; the secondary
 * serves reads and refuses writes naming the primary (or forwards them, when configured).
 */
export type ConsistencyMode = 'active-active' | 'primary-secondary';

export class NotPrimaryError extends Error {
  constructor(readonly primaryRegion: string, readonly primaryUrl?: string) {
    super(
      `this region is a read-only secondary; send writes to the primary region ${primaryRegion}${
        primaryUrl ? ` (${primaryUrl})` : ''
      }`,
    );
    this.name = 'NotPrimaryError';
  }
}

export interface WriteGate {
  /** Throws NotPrimaryError when this region must not take writes. */
  assertWritable(): void;
}

export interface PrimaryRole {
  mode: ConsistencyMode;
  region: string;
  primaryRegion?: string;
  primaryUrl?: string;
}

/** The write gate of a region, whose role can change at run time by promotion. */
export class RoleWriteGate implements WriteGate {
  constructor(private role: PrimaryRole) {}

  assertWritable(): void {
    const { mode, region, primaryRegion, primaryUrl } = this.role;
    if (mode === 'primary-secondary' && primaryRegion !== region) {
      throw new NotPrimaryError(primaryRegion ?? 'unknown', primaryUrl);
    }
  }

  get current(): PrimaryRole {
    return { ...this.role };
  }

  /** Makes `primaryRegion` the primary. */
  promote(primaryRegion: string, primaryUrl?: string): void {
    this.role = { ...this.role, primaryRegion, primaryUrl };
  }
}
