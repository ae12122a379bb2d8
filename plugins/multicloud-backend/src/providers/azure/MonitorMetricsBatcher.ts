import { Batcher } from '../Batcher';
import type { AzureClients } from './azureClients';

/** Which metrics to read and how; every resource of one batch is read the same way. */
export interface MonitorQuery {
  subscription: string;
  region: string;
  /** e.g. `microsoft.insights/components` */
  namespace: string;
  metricNames: string[];
  /** Comma-separated Azure Monitor aggregations, e.g. `count,average`. */
  aggregation: string;
  start: Date;
  end: Date;
  intervalSeconds: number;
  /** Dimension filter, e.g. `EntityName eq '*'` to split a namespace's metric per queue. */
  filter?: string;
}

export interface MonitorPoint {
  t: Date;
  average?: number;
  total?: number;
  count?: number;
  maximum?: number;
  minimum?: number;
}

/** One time series of one metric of one resource, with the dimension values it is split by. */
export interface MonitorSeries {
  /** The metric's name as queried, e.g. `requests/count`. */
  metric: string;
  /** Dimension values by (display) name; e.g. the queue of a namespace metric split by `EntityName`. */
  dimensions: Record<string, string>;
  points: MonitorPoint[];
}

/** The metrics batch API (`metrics:getBatch`) takes at most 50 resources per call. */
export const MAX_RESOURCES_PER_CALL = 50;

/**
 * Azure Monitor metrics of many services' resources through `MetricsClient.queryResources`
 * (`@azure/monitor-query-metrics`), batched like CloudWatch: the same metrics of up to 50 resources
 * of one subscription and region share a call, so a status refresh costs ceil(resources / 50)
 * calls per kind of resource, not one per service.
 */
export class MonitorMetricsBatcher {
  private readonly batcher: Batcher<MonitorQuery, string, MonitorSeries[]>;

  constructor(
    private readonly clients: AzureClients,
    options: { idleMs?: number; maxWaitMs?: number } = {},
  ) {
    this.batcher = new Batcher({
      ...options,
      maxPerCall: MAX_RESOURCES_PER_CALL,
      keyOf: q =>
        [
          q.subscription,
          q.region,
          q.namespace,
          q.metricNames.join(','),
          q.aggregation,
          q.start.toISOString(),
          q.end.toISOString(),
          q.intervalSeconds,
          q.filter ?? '',
        ].join('|'),
      send: (query, resourceIds) => this.send(query, resourceIds),
    });
  }

  /** The series of every metric of the query for one resource. */
  async query(query: MonitorQuery, resourceId: string) {
    const [series] = await this.batcher.add(query, [resourceId]);
    return series;
  }

  private async send(
    query: MonitorQuery,
    resourceIds: string[],
  ): Promise<MonitorSeries[][]> {
    const unique = [...new Set(resourceIds.map(id => id.toLowerCase()))];
    const results = await this.clients
      .metrics(query.subscription, query.region)
      .queryResources(
        unique.map(id => resourceIds.find(r => r.toLowerCase() === id)!),
        query.metricNames,
        query.namespace,
        {
          startTime: query.start,
          endTime: query.end,
          interval: isoSeconds(query.intervalSeconds),
          aggregation: query.aggregation,
          filter: query.filter,
        },
      );
    const byResource = new Map<string, MonitorSeries[]>();
    for (const result of results) {
      const series: MonitorSeries[] = [];
      for (const metric of result.metrics) {
        if (metric.errorCode && metric.errorCode !== 'Success')
          throw new Error(
            `Azure Monitor could not read ${metric.name} of ${
              result.resourceId
            }: ${metric.errorMessage ?? metric.errorCode}`,
          );
        for (const ts of metric.timeseries ?? [])
          series.push({
            metric: metricNameOf(metric),
            dimensions: Object.fromEntries(
              (ts.metadatavalues ?? []).map(m => [m.name ?? '', m.value ?? '']),
            ),
            points: (ts.data ?? []).map(d => ({
              t: new Date(d.timeStamp),
              average: d.average,
              total: d.total,
              count: d.count,
              maximum: d.maximum,
              minimum: d.minimum,
            })),
          });
      }
      byResource.set((result.resourceId ?? '').toLowerCase(), series);
    }
    return resourceIds.map(id => byResource.get(id.toLowerCase()) ?? []);
  }
}

/**
 * The metric's name as it was asked for: the SDK gives the localized display name ("Server
 * requests" for `requests/count`), so it is read from the end of the metric's id instead.
 */
function metricNameOf(metric: { id: string; name: string }) {
  const marker = '/providers/microsoft.insights/metrics/';
  const at = metric.id.toLowerCase().indexOf(marker);
  return at >= 0 ? metric.id.slice(at + marker.length) : metric.name;
}

function isoSeconds(seconds: number) {
  return seconds % 3600 === 0 ? `PT${seconds / 3600}H` : `PT${seconds / 60}M`;
}
