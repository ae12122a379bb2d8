import type { ChaosMode } from '../region/chaos';
import type { RegionName } from '../region/SandboxRegion';
import { RANGES } from './RegionStats';

/** Something done to a service that its charts mark on the time axis. */
export interface ServiceEvent {
  /** ISO time. */
  at: string;
  kind: 'chaos';
  region: RegionName;
  /** The chaos mode switched to; `none` ends the chaos. */
  mode: ChaosMode;
}

/**
 * The events of one service, oldest first, kept as long as the longest chart range (7 days) and
 * at most `limit` of them, so a chaos loop cannot grow it without bound.
 */
export class ServiceEvents {
  private readonly events: ServiceEvent[] = [];

  constructor(
    private readonly limit = 1000,
    private readonly now = () => Date.now(),
  ) {}

  chaos(region: RegionName, mode: ChaosMode): void {
    this.events.push({
      at: new Date(this.now()).toISOString(),
      kind: 'chaos',
      region,
      mode,
    });
    const horizon = this.now() - RANGES['7d'];
    while (
      this.events.length > this.limit ||
      (this.events.length && Date.parse(this.events[0].at) < horizon)
    )
      this.events.shift();
  }

  /** The events of the last `ms`, oldest first. */
  since(ms: number): ServiceEvent[] {
    const from = this.now() - ms;
    return this.events.filter(e => Date.parse(e.at) >= from);
  }
}
