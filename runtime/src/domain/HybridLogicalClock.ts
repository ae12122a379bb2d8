import { formatVersion, MAX_COUNTER, parseVersion } from './version';

export class ClockDriftError extends Error {
  constructor(readonly remoteVersion: string, readonly aheadMs: number) {
    super(
      `remote version ${remoteVersion} is ${aheadMs} ms ahead of the local clock, more than the allowed drift`,
    );
    this.name = 'ClockDriftError';
  }
}

export interface HybridLogicalClockOptions {
  region: string;
  /** The wall clock; injectable so tests can skew it or make it go backwards. */
  now?: () => number;
  /** How far ahead of the local wall clock a remote version may be before it is refused. */
  maxDriftMs?: number;
}

/**
 * A hybrid logical clock (Kulkarni et al.): readings follow wall time when it moves forward and
 * a logical counter when it does not, so a version never goes backwards on one side even if the
 * wall clock does, and a version issued after seeing a remote one is newer than it.
 */
export class HybridLogicalClock {
  readonly region: string;
  private readonly now: () => number;
  private readonly maxDriftMs: number;
  private wallMs = 0;
  private counter = 0;

  constructor(options: HybridLogicalClockOptions) {
    this.region = options.region;
    this.now = options.now ?? Date.now;
    this.maxDriftMs = options.maxDriftMs ?? 500;
    formatVersion({ wallMs: 0, counter: 0, region: this.region });
  }

  /** A new version for a local write. */
  tick(): string {
    const physical = this.now();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.advanceCounter();
    }
    return this.current();
  }

  /**
   * Merges a version seen from elsewhere, so that later local versions are newer than it.
   * Refuses a version more than the allowed drift ahead of the local wall clock, so one bad
   * clock cannot win every conflict.
   */
  observe(remoteVersion: string): void {
    const remote = parseVersion(remoteVersion);
    const physical = this.now();
    const aheadMs = remote.wallMs - physical;
    if (aheadMs > this.maxDriftMs) {
      throw new ClockDriftError(remoteVersion, aheadMs);
    }
    const wall = Math.max(this.wallMs, remote.wallMs, physical);
    if (wall === this.wallMs && wall === remote.wallMs) {
      this.counter = Math.max(this.counter, remote.counter);
      this.advanceCounter();
    } else if (wall === this.wallMs) {
      this.advanceCounter();
    } else if (wall === remote.wallMs) {
      this.wallMs = wall;
      this.counter = remote.counter;
      this.advanceCounter();
    } else {
      this.wallMs = wall;
      this.counter = 0;
    }
  }

  private advanceCounter(): void {
    if (this.counter >= MAX_COUNTER) {
      // The counter is exhausted within one millisecond: borrow the next one.
      this.wallMs += 1;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }

  private current(): string {
    return formatVersion({
      wallMs: this.wallMs,
      counter: this.counter,
      region: this.region,
    });
  }
}
