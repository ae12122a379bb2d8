/** Where the bridge reports what it measures; one adapter per cloud's monitoring. */
export interface MetricsSink {
  /** Replication lag of one applied event: apply time minus the event's commit time at its source. */
  replicationLag(ms: number, sourceRegion: string): void;
  /** Events applied, found stale (already applied), dead-lettered, relayed, parked or re-sent. */
  count(
    name:
      | 'applied'
      | 'stale'
      | 'dead_lettered'
      | 'relayed'
      | 'parked'
      | 'resent',
    n?: number,
  ): void;
  /** What one anti-entropy step compared, found different and sent again (bridge/Reconciler). */
  antiEntropy?(counts: {
    compared: number;
    diverged: number;
    repaired: number;
  }): void;
  /**
   * What one dead-letter redrive run did: transient dead letters sent back to the queue, and the
   * dead letters left for a person (poison, or transient ones past their last re-drive).
   */
  deadLetters?(counts: { redriven: number; awaitingPerson: number }): void;
  flush?(): Promise<void> | void;
}

/** A sink that keeps recent figures in memory with percentiles: tests and the sandbox. */
export class MemoryMetricsSink implements MetricsSink {
  readonly lags: { at: number; ms: number; sourceRegion: string }[] = [];
  readonly counters: Record<string, number> = {};

  constructor(
    private readonly keep = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  replicationLag(ms: number, sourceRegion: string): void {
    this.lags.push({ at: this.now(), ms, sourceRegion });
    if (this.lags.length > this.keep)
      this.lags.splice(0, this.lags.length - this.keep);
  }

  count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }

  antiEntropy(counts: {
    compared: number;
    diverged: number;
    repaired: number;
  }): void {
    for (const [name, n] of Object.entries(counts))
      this.count(`anti_entropy_${name}`, n);
  }

  /** `awaiting_person` holds the last run's figure: it is a level, not a count of events. */
  deadLetters(counts: { redriven: number; awaitingPerson: number }): void {
    this.count('redriven', counts.redriven);
    this.counters.awaiting_person = counts.awaitingPerson;
  }

  /** Lag percentiles over the lags recorded since `sinceMs` (all when omitted). */
  lagPercentiles(sinceMs = 0): {
    count: number;
    p50: number | null;
    p95: number | null;
    p99: number | null;
    last: number | null;
  } {
    const values = this.lags.filter(l => l.at >= sinceMs).map(l => l.ms);
    const sorted = [...values].sort((a, b) => a - b);
    return {
      count: values.length,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      last: values.length ? values[values.length - 1] : null,
    };
  }
}

/** Nearest-rank percentile of sorted values; null when there are none. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}
