import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { Batcher } from '../Batcher';

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

/**
 * Collects the metric queries of many services for a few milliseconds and sends them as few
 * `GetMetricData` calls as possible: one per 500 queries of the same account, region and window.
 * Status refreshes of a whole catalog page then cost ceil(queries / 500) CloudWatch calls, not one
 * call per service. Windows are aligned by the callers (see `alignedWindow`) so that they coincide.
 */
export class CloudWatchBatcher {
  private readonly batcher: Batcher<BatchTarget, MetricQuery, MetricSeries>;

  constructor(
    private readonly clientFor: (
      account: string | null,
      region: string,
    ) => Promise<CloudWatchClient>,
    options: { idleMs?: number; maxWaitMs?: number } = {},
  ) {
    this.batcher = new Batcher({
      ...options,
      maxPerCall: MAX_QUERIES_PER_CALL,
      keyOf: target =>
        [
          target.account ?? '',
          target.region,
          target.start.toISOString(),
          target.end.toISOString(),
          target.periodSeconds,
        ].join('|'),
      send: (target, queries) => this.send(target, queries),
    });
  }

  query(target: BatchTarget, queries: MetricQuery[]): Promise<MetricSeries[]> {
    return this.batcher.add(target, queries);
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
