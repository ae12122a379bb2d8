import { percentile, resample, TimeSeries } from './TimeSeries';

const RECENT_MS = 60_000;

export const RANGES = {
  '1h': 3600_000,
  '6h': 6 * 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
} as const;
export type RangeName = keyof typeof RANGES;
/** About 120 points a chart, in whole multiples of the 10 s bucket. */
export const STEP_MS: Record<RangeName, number> = {
  '1h': 30_000,
  '6h': 180_000,
  '24h': 720_000,
  '7d': 5_040_000,
};

/** What one region of the sandbox measures: requests, replication lag and queue depths. */
export class RegionStats {
  readonly latency = new TimeSeries();
  readonly errors = new TimeSeries();
  readonly lag = new TimeSeries();
  readonly queueDepth = new TimeSeries();
  readonly deadLetterDepth = new TimeSeries();
  lastError: string | null = null;
  /** Dead letters re-driven since start, and those the last run left for a person. */
  readonly deadLetters = {
    redriven: 0,
    awaitingPerson: 0,
    lastRunAt: null as number | null,
  };
  /** Anti-entropy totals since start, over rounds started here and messages answered here. */
  readonly antiEntropy = {
    compared: 0,
    diverged: 0,
    repaired: 0,
    lastAt: null as number | null,
  };
  private readonly lagListeners = new Set<(ms: number) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  recordRequest(latencyMs: number, status: number, at = this.now()): void {
    this.latency.add(latencyMs, at);
    this.errors.add(status >= 500 ? 1 : 0, at);
  }

  recordLag(ms: number, at = this.now()): void {
    this.lag.add(ms, at);
    for (const listener of this.lagListeners) listener(ms);
  }

  /**
   * Every lag sample from now until the returned function is called. For a measurement over an
   * exact window (the benchmark): the series only has whole 10 s buckets, and keeps at most 2,000
   * values a bucket for its percentiles.
   */
  onLag(listener: (ms: number) => void): () => void {
    this.lagListeners.add(listener);
    return () => this.lagListeners.delete(listener);
  }

  recordRedrive(
    run: { redriven: number; awaitingPerson: number },
    at = this.now(),
  ): void {
    this.deadLetters.redriven += run.redriven;
    this.deadLetters.awaitingPerson = run.awaitingPerson;
    this.deadLetters.lastRunAt = at;
  }

  recordAntiEntropy(
    step: { compared: number; diverged: number; repaired: number },
    at = this.now(),
  ): void {
    this.antiEntropy.compared += step.compared;
    this.antiEntropy.diverged += step.diverged;
    this.antiEntropy.repaired += step.repaired;
    this.antiEntropy.lastAt = at;
  }

  recordDepths(queue: number, deadLetters: number, at = this.now()): void {
    this.queueDepth.add(queue, at);
    this.deadLetterDepth.add(deadLetters, at);
  }

  /** Figures over the last minute, for the status endpoint. */
  recent() {
    const since = this.now() - RECENT_MS;
    const latency = this.latency.since(since);
    const errors = this.errors.since(since);
    const lag = this.lag.since(since);
    const requests = latency.reduce((n, b) => n + b.count, 0);
    const latencies = latency.flatMap(b => b.values);
    const lags = lag.flatMap(b => b.values);
    const lastLag = lag.length
      ? lag[lag.length - 1].values[lag[lag.length - 1].values.length - 1] ??
        null
      : null;
    return {
      requestsPerSecond: requests / (RECENT_MS / 1000),
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP99Ms: percentile(latencies, 0.99),
      errorRate: requests
        ? errors.reduce((n, b) => n + b.sum, 0) / requests
        : 0,
      replicationLag: {
        currentMs: lastLag,
        p50Ms: percentile(lags, 0.5),
        p95Ms: percentile(lags, 0.95),
        p99Ms: percentile(lags, 0.99),
      },
    };
  }

  series(range: RangeName) {
    const to = this.now();
    const from = to - RANGES[range];
    const step = STEP_MS[range];
    return {
      requests: resample(this.latency.since(from), from, to, step, 'rate'),
      latencyP50Ms: resample(this.latency.since(from), from, to, step, 'p50'),
      latencyP99Ms: resample(this.latency.since(from), from, to, step, 'p99'),
      errorRate: resample(this.errors.since(from), from, to, step, 'mean'),
      replicationLagMs: resample(this.lag.since(from), from, to, step, 'p99'),
      queueDepth: resample(this.queueDepth.since(from), from, to, step, 'max'),
      deadLetterDepth: resample(
        this.deadLetterDepth.since(from),
        from,
        to,
        step,
        'max',
      ),
    };
  }
}
