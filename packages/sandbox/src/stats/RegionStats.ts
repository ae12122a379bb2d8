import { percentile, resample, TimeSeries } from './TimeSeries';

const RECENT_MS = 60_000;
/** The redriver's and the reconciler's figures are kept for an hour: "re-driven (last hour)". */
const RECOVERY_KEEP_MS = 3600_000;

type AntiEntropyCounts = {
  compared: number;
  diverged: number;
  repaired: number;
};
/**
 * How long the lag of the last applied event stands for the lag now. Events apply within
 * milliseconds while replication keeps up, so one that old with nothing waiting behind it means
 * replication has caught up: the last lag of a catch-up must not hold a red lag for a minute.
 */
const APPLIED_FRESH_MS = 10_000;

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
  /** The oldest waiting event's age at each depth sample, for the lag chart. */
  readonly oldestWaiting = new TimeSeries();
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
  /** The redriver's runs and the reconciler's steps of the last hour (RECOVERY_KEEP_MS). */
  private readonly redriveRuns: {
    at: number;
    redriven: number;
    awaitingPerson: number;
  }[] = [];
  private readonly antiEntropySteps: ({ at: number } & AntiEntropyCounts)[] =
    [];
  private readonly lagListeners = new Set<(ms: number) => void>();
  /** Write time of the newest event applied here (its timestamp: apply time minus lag). */
  private newestAppliedWrite: number | null = null;
  private lastApplied: { at: number; ms: number } | null = null;
  /** When the inbound queue was last seen empty (null until its depth is first sampled). */
  private lastSeenEmpty: number | null = null;
  private firstDepthAt: number | null = null;
  private lastDepthAt: number | null = null;

  readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  recordRequest(latencyMs: number, status: number, at = this.now()): void {
    this.latency.add(latencyMs, at);
    this.errors.add(status >= 500 ? 1 : 0, at);
  }

  recordLag(ms: number, at = this.now()): void {
    this.lag.add(ms, at);
    this.newestAppliedWrite = Math.max(this.newestAppliedWrite ?? 0, at - ms);
    this.lastApplied = { at, ms };
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
    this.redriveRuns.push({ at, ...run });
    trim(this.redriveRuns, at - RECOVERY_KEEP_MS);
  }

  recordAntiEntropy(step: AntiEntropyCounts, at = this.now()): void {
    this.antiEntropy.compared += step.compared;
    this.antiEntropy.diverged += step.diverged;
    this.antiEntropy.repaired += step.repaired;
    this.antiEntropy.lastAt = at;
    this.antiEntropySteps.push({ at, ...step });
    trim(this.antiEntropySteps, at - RECOVERY_KEEP_MS);
  }

  /**
   * The redriver's figures as the portal shows them: what its last run left for a person, what
   * it re-drove over the last hour, and when it last ran (null before its first run).
   */
  redriveFigures() {
    const since = this.now() - RECOVERY_KEEP_MS;
    const last = this.redriveRuns.at(-1);
    return {
      awaitingPerson: last?.awaitingPerson ?? null,
      redrivenLastHour: this.redriveRuns
        .filter(r => r.at >= since)
        .reduce((n, r) => n + r.redriven, 0),
      lastRunAt: last?.at ?? null,
    };
  }

  /**
   * The reconciler's last round on this region: its steps (the round it started, or its answers
   * to the other region's) added up. Steps further apart than `gapMs` belong to different rounds;
   * rounds come an interval apart, the steps of one within seconds. Null with no step this hour.
   */
  lastAntiEntropyRound(
    gapMs: number,
  ): (AntiEntropyCounts & { at: number }) | null {
    const since = this.now() - RECOVERY_KEEP_MS;
    const steps = this.antiEntropySteps.filter(s => s.at >= since);
    const last = steps.at(-1);
    if (!last) return null;
    const round = { compared: 0, diverged: 0, repaired: 0, at: last.at };
    for (let i = steps.length - 1; i >= 0; i--) {
      if (i < steps.length - 1 && steps[i + 1].at - steps[i].at > gapMs) break;
      round.compared += steps[i].compared;
      round.diverged += steps[i].diverged;
      round.repaired += steps[i].repaired;
    }
    return round;
  }

  recordDepths(queue: number, deadLetters: number, at = this.now()): void {
    this.queueDepth.add(queue, at);
    this.deadLetterDepth.add(deadLetters, at);
    if (queue === 0) this.lastSeenEmpty = at;
    this.firstDepthAt ??= at;
    this.lastDepthAt = at;
    this.oldestWaiting.add(this.oldestWaitingMs(at) ?? 0, at);
  }

  /**
   * How long the oldest event waiting in the inbound queue has waited, at most: 0 when the queue
   * was empty at the last sample, otherwise the time since the later of (a) the last sample that
   * saw it empty (everything waiting arrived after) and (b) the write time of the newest applied
   * event (what waits was sent after it, the queue being first-in first-out to within the
   * applier's concurrency). The sandbox's queues give no message ages of their own (SQS reports
   * the age of the oldest message only as the CloudWatch metric ApproximateAgeOfOldestMessage),
   * so this bound stands in for it: a queue nobody drains ages by the second, a queue drained
   * as fast as it fills stays near the last applied lag. Null before the first depth sample.
   */
  oldestWaitingMs(now = this.now()): number | null {
    if (this.firstDepthAt === null) return null;
    if (this.lastSeenEmpty === this.lastDepthAt) return 0;
    // A queue never seen empty counts from its first sample (older waits before a restart are cut).
    const after = Math.max(
      this.lastSeenEmpty ?? this.firstDepthAt,
      this.newestAppliedWrite ?? 0,
    );
    return Math.max(0, now - after);
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
    const lastLag =
      this.lastApplied && this.now() - this.lastApplied.at <= APPLIED_FRESH_MS
        ? this.lastApplied.ms
        : null;
    const oldestWaitingMs = this.oldestWaitingMs();
    return {
      requests,
      failed: errors.reduce((n, b) => n + b.sum, 0),
      windowSeconds: RECENT_MS / 1000,
      requestsPerSecond: requests / (RECENT_MS / 1000),
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP99Ms: percentile(latencies, 0.99),
      errorRate: requests
        ? errors.reduce((n, b) => n + b.sum, 0) / requests
        : 0,
      replicationLag: {
        // Replication into this region is as far behind as the older of the last applied event
        // and the oldest one still waiting, so a stuck queue never shows the last good lag.
        currentMs:
          lastLag === null && oldestWaitingMs === null
            ? null
            : Math.max(lastLag ?? 0, oldestWaitingMs ?? 0),
        appliedMs: lastLag,
        oldestWaitingMs,
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
      // As the status says it: the larger of the applied lag and the oldest waiting event.
      replicationLagMs: maxOf(
        resample(this.lag.since(from), from, to, step, 'p99'),
        resample(this.oldestWaiting.since(from), from, to, step, 'max'),
      ),
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

/** Point by point the larger of two series on the same steps (null only where both are). */
function maxOf(
  a: { t: string; v: number | null }[],
  b: { t: string; v: number | null }[],
) {
  return a.map((p, i) => {
    const w = b[i]?.v ?? null;
    if (p.v === null || w === null) return { t: p.t, v: p.v ?? w };
    return { t: p.t, v: Math.max(p.v, w) };
  });
}

/** Drops the entries (oldest first) from before `since`. */
function trim(entries: { at: number }[], since: number) {
  const keep = entries.findIndex(e => e.at >= since);
  entries.splice(0, keep === -1 ? entries.length : keep);
}
