import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';

/** One CloudWatch metric statistic to read, e.g. Lambda `Duration` p99 of one function. */
export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** `Sum`, `Average`, `Maximum`, or an extended statistic such as `p99`. */
  stat: string;
}

/** A time series as CloudWatch returns it, oldest first. */
export interface MetricSeries {
  points: { t: Date; v: number }[];
}

/** Where and over which window queries run; only queries with the same key share a call. */
export interface BatchTarget {
  account: string | null;
  region: string;
  start: Date;
  end: Date;
  periodSeconds: number;
}

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

interface Entry {
  query: MetricQuery;
  resolve: (s: MetricSeries) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the metric queries of many services for a few milliseconds and sends them as few
 * `GetMetricData` calls as possible: one per 500 queries of the same account, region and window.
 * Status refreshes of a whole catalog page then cost ceil(queries / 500) CloudWatch calls, not one
 * call per service. Windows are aligned by the callers (see `alignedWindow`) so that they coincide.
 * The cost is up to `maxWaitMs` more on an uncached status read.
 */
export class CloudWatchBatcher {
  private readonly pending = new Map<
    string,
    { entries: Entry[]; touch(): void }
  >();

  constructor(
    private readonly clientFor: (
      account: string | null,
      region: string,
    ) => Promise<CloudWatchClient>,
    private readonly options: {
      /** Sends once no query came for this long (default 10 ms)... */
      idleMs?: number;
      /** ...or once the first query has waited this long (default 1000 ms). */
      maxWaitMs?: number;
    } = {},
  ) {}

  query(target: BatchTarget, queries: MetricQuery[]): Promise<MetricSeries[]> {
    const key = [
      target.account ?? '',
      target.region,
      target.start.toISOString(),
      target.end.toISOString(),
      target.periodSeconds,
    ].join('|');
    let batch = this.pending.get(key);
    if (!batch) {
      batch = this.open(key, target);
      this.pending.set(key, batch);
    }
    batch.touch();
    const entries = batch.entries;
    const results = Promise.all(
      queries.map(
        query =>
          new Promise<MetricSeries>((resolve, reject) =>
            entries.push({ query, resolve, reject }),
          ),
      ),
    );
    // Full calls go at once; the rest waits for the window to close.
    this.dispatch(target, entries, MAX_QUERIES_PER_CALL);
    return results;
  }

  /**
   * A batch that closes when queries stop coming, so a burst of status requests (a page of cards)
   * lands in one batch even when each request first spends milliseconds on catalog and permissions.
   */
  private open(key: string, target: BatchTarget) {
    const entries: Entry[] = [];
    const opened = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const close = () => {
      this.pending.delete(key);
      this.dispatch(target, entries, 1);
    };
    return {
      entries,
      touch: () => {
        clearTimeout(timer);
        const idle = this.options.idleMs ?? 10;
        const left = opened + (this.options.maxWaitMs ?? 1000) - Date.now();
        timer = setTimeout(close, Math.max(0, Math.min(idle, left)));
      },
    };
  }

  /** Sends calls of up to 500 queries taken from `entries` while at least `minimum` (>= 1) wait. */
  private dispatch(target: BatchTarget, entries: Entry[], minimum: number) {
    while (entries.length >= minimum) {
      const call = entries.splice(0, MAX_QUERIES_PER_CALL);
      this.send(
        target,
        call.map(e => e.query),
      ).then(
        series => call.forEach((e, n) => e.resolve(series[n])),
        error => call.forEach(e => e.reject(error)),
      );
    }
  }

  private async send(
    target: BatchTarget,
    queries: MetricQuery[],
  ): Promise<MetricSeries[]> {
    const client = await this.clientFor(target.account, target.region);
    const request: MetricDataQuery[] = queries.map((q, n) => ({
      Id: `q${n}`,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metricName,
          Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({
            Name,
            Value,
          })),
        },
        Period: target.periodSeconds,
        Stat: q.stat,
      },
      ReturnData: true,
    }));
    const series: MetricSeries[] = queries.map(() => ({ points: [] }));
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          StartTime: target.start,
          EndTime: target.end,
          MetricDataQueries: request,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const n = Number(result.Id?.slice(1));
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        timestamps.forEach((t, i) =>
          series[n]?.points.push({ t: new Date(t), v: values[i] }),
        );
      }
      nextToken = page.NextToken;
    } while (nextToken);
    for (const s of series)
      s.points.sort((a, b) => a.t.getTime() - b.t.getTime());
    return series;
  }
}
