import type { RegionName } from '../region/SandboxRegion';

export interface HealthState {
  healthy: boolean;
  since: number;
  consecutiveFailures: number;
  /** When a health check last passed: the last time the region was known to answer. */
  lastOkAt: number | null;
  lastCheck: {
    at: string;
    ok: boolean;
    latencyMs: number | null;
    message?: string;
  } | null;
}

export interface WeightedRouterOptions {
  regions: Record<RegionName, () => string>;
  weights: Record<RegionName, number>;
  /** Plays Route53's request interval and failure threshold, shortened for a local machine. */
  intervalMs?: number;
  failureThreshold?: number;
  timeoutMs?: number;
  random?: () => number;
  onWeightsChanged?: (weights: Record<RegionName, number>) => void;
}

/**
 * The actual traffic share is over the last 10 s: short enough that it shows a cloud the router
 * stopped sending to within seconds, long enough to hold a few dozen requests at light load.
 */
const SHARE_WINDOW_MS = 10_000;
/** As long as the regions' own request window (RegionStats' last minute), so the two add up. */
const FAILED_WINDOW_MS = 60_000;

/** Appends an entry now and drops those older than `keepMs`. */
function remember(
  log: { at: number; region: RegionName }[],
  region: RegionName,
  keepMs: number,
) {
  const now = Date.now();
  log.push({ at: now, region });
  while (log.length && log[0].at < now - keepMs) log.shift();
}

export class NoHealthyRegionError extends Error {
  constructor() {
    super('no region is healthy: every health check is failing');
    this.name = 'NoHealthyRegionError';
  }
}

/**
 * The global DNS of the sandbox: weighted records with health checks. It picks a region for each
 * request by weight among the healthy ones, as Route53 answers a weighted query; unlike Route53
 * it does not fail open when all are unhealthy but says so with a 503, which is clearer locally.
 */
export class WeightedRouter {
  private weights: Record<RegionName, number>;
  readonly health: Record<RegionName, HealthState>;
  private readonly routed: { at: number; region: RegionName }[] = [];
  private readonly failed: { at: number; region: RegionName }[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: WeightedRouterOptions) {
    this.weights = { ...options.weights };
    const now = Date.now();
    this.health = {
      aws: {
        healthy: true,
        since: now,
        consecutiveFailures: 0,
        lastOkAt: null,
        lastCheck: null,
      },
      azure: {
        healthy: true,
        since: now,
        consecutiveFailures: 0,
        lastOkAt: null,
        lastCheck: null,
      },
    };
  }

  getWeights() {
    return { ...this.weights };
  }

  setWeights(weights: Record<RegionName, number>) {
    this.weights = { ...weights };
    this.options.onWeightsChanged?.(this.getWeights());
  }

  start() {
    this.stopped = false;
    const tick = async () => {
      await this.checkAll();
      // Stopped while the checks were under way: no next round (its timer would keep the
      // process alive and check servers that are gone).
      if (!this.stopped)
        this.timer = setTimeout(tick, this.options.intervalMs ?? 1000);
    };
    void tick();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async checkAll() {
    await Promise.all(
      (Object.keys(this.options.regions) as RegionName[]).map(r =>
        this.check(r),
      ),
    );
  }

  private async check(region: RegionName) {
    const started = performance.now();
    const state = this.health[region];
    let ok = false;
    let message: string | undefined;
    try {
      const response = await fetch(`${this.options.regions[region]()}/health`, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 800),
      });
      ok = response.status === 200;
      if (!ok) message = `health answered ${response.status}`;
    } catch (error) {
      message =
        (error as Error).name === 'TimeoutError'
          ? 'health check timed out'
          : `health check failed: ${(error as Error).message}`;
    }
    const latencyMs = ok ? Math.round(performance.now() - started) : null;
    state.lastCheck = {
      at: new Date().toISOString(),
      ok,
      latencyMs,
      ...(message ? { message } : {}),
    };
    state.consecutiveFailures = ok ? 0 : state.consecutiveFailures + 1;
    if (ok) state.lastOkAt = Date.now();
    const healthy =
      ok ||
      (state.healthy &&
        state.consecutiveFailures < (this.options.failureThreshold ?? 2));
    if (healthy !== state.healthy) {
      state.healthy = healthy;
      state.since = Date.now();
    }
  }

  /** The region for the next request: weighted among the healthy regions. */
  pick(): RegionName {
    const healthy = (Object.keys(this.weights) as RegionName[]).filter(
      r => this.health[r].healthy,
    );
    // Route53's rule: records of weight zero answer only when no weighted record is healthy.
    const weighted = healthy.filter(r => this.weights[r] > 0);
    const candidates = weighted.length ? weighted : healthy;
    if (!candidates.length) throw new NoHealthyRegionError();
    const weightOf = (r: RegionName) => (weighted.length ? this.weights[r] : 1);
    const total = candidates.reduce((n, r) => n + weightOf(r), 0);
    let x = (this.options.random ?? Math.random)() * total;
    for (const r of candidates) {
      x -= weightOf(r);
      if (x < 0) return this.record(r);
    }
    return this.record(candidates[candidates.length - 1]);
  }

  private record(region: RegionName): RegionName {
    remember(this.routed, region, SHARE_WINDOW_MS);
    return region;
  }

  /**
   * A request routed to `region` that failed at the router (the region did not answer): counted
   * against the region it was meant for, as a client sees it, although the region never saw it.
   */
  recordFailure(region: RegionName): void {
    remember(this.failed, region, FAILED_WINDOW_MS);
  }

  /** Requests meant for `region` that failed at the router within the last `windowMs` (≤ 60 s). */
  failedAtRouter(region: RegionName, windowMs = FAILED_WINDOW_MS): number {
    const since = Date.now() - windowMs;
    return this.failed.filter(f => f.at >= since && f.region === region).length;
  }

  /** Share of the last 10 s of routed requests that went to each region (null when none). */
  trafficShare(): Record<RegionName, number | null> {
    const since = Date.now() - SHARE_WINDOW_MS;
    const recent = this.routed.filter(r => r.at >= since);
    const share = (region: RegionName) =>
      recent.length
        ? recent.filter(r => r.region === region).length / recent.length
        : null;
    return { aws: share('aws'), azure: share('azure') };
  }

  urlOf(region: RegionName) {
    return this.options.regions[region]();
  }
}
