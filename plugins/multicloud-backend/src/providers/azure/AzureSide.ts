import type {
  CloudMetrics,
  MetricPoint,
} from '@multicloud/backstage-plugin-multicloud-common';
import { InputError } from '@backstage/errors';
import type { CloudSide } from '../cloud/types';
import { azureMonitorLink, type LinkWindow } from '../cloud/consoleLinks';
import {
  alignedWindow,
  bucketsOf,
  keyOfBody,
  lagNow,
  locationOf,
  type CurrentMetrics,
  type RecoveryReading,
  type ReplicationReading,
  type ServiceLocation,
} from '../types';
import { recoveryFrom } from '../recovery';
import type { AppInsightsLogs } from './AppInsightsLogs';
import { azureNames } from './azureNames';
import type {
  MonitorMetricsBatcher,
  MonitorPoint,
  MonitorQuery,
  MonitorSeries,
} from './MonitorMetricsBatcher';
import type { ServiceBusQueues } from './ServiceBusQueues';

const CURRENT_SECONDS = 300;

/** Application Insights request metrics of the Function App. */
const REQUESTS = {
  namespace: 'microsoft.insights/components',
  metricNames: ['requests/count', 'requests/failed'],
  aggregation: 'count',
};

/** The namespace's queue depths, split per queue so one call serves every service's namespace. */
const QUEUES = {
  namespace: 'Microsoft.ServiceBus/namespaces',
  metricNames: ['ActiveMessages', 'DeadletteredMessages'],
  aggregation: 'maximum',
  filter: "EntityName eq '*'",
};

/**
 * The Azure half of a service: request figures from Application Insights metrics and queue depths
 * from the Service Bus namespace's metrics, both through Azure Monitor (batched across services);
 * latency and replication lag percentiles from Application Insights logs, which metrics cannot
 * give; current queue depths and replay from Service Bus itself.
 */
export class AzureSide implements CloudSide {
  constructor(
    private readonly metrics: MonitorMetricsBatcher,
    private readonly logs: AppInsightsLogs,
    private readonly queues: ServiceBusQueues,
    private readonly now: () => number = Date.now,
  ) {}

  async current(service: ServiceLocation): Promise<CurrentMetrics> {
    const { subscription, region } = where(service);
    const appInsights = azureNames(service.serviceId, subscription).appInsights;
    const [series, { latency }] = await Promise.all([
      this.metrics.query(
        {
          ...REQUESTS,
          subscription,
          region,
          ...alignedWindow(CURRENT_SECONDS, 60, this.now()),
          intervalSeconds: CURRENT_SECONDS,
        },
        appInsights,
      ),
      this.logs.read(subscription, appInsights),
    ]);
    const count = sum(series, 'requests/count', p => p.count);
    const failed = sum(series, 'requests/failed', p => p.count);
    const window = alignedWindow(CURRENT_SECONDS, 60, this.now());
    return {
      requestsPerSecond: count / CURRENT_SECONDS,
      latencyP50Ms: latency.p50Ms,
      latencyP99Ms: latency.p99Ms,
      // Application Insights' failed requests: what the Function App answered with a failure
      // (`requests/failed`). The global routing in front (Traffic Manager is DNS; Front Door's
      // own failures are its metrics) is not counted against the cloud here.
      errorRate: count > 0 ? failed / count : null,
      failedAtRouterPerSecond: null,
      asOf: hasPoints(series, 'requests/count')
        ? window.end.toISOString()
        : null,
    };
  }

  async replication(service: ServiceLocation): Promise<ReplicationReading> {
    const { subscription } = where(service);
    const queue = this.queue(service);
    const [{ replicationLag: lag }, { depths, oldest }] = await Promise.all([
      this.logs.read(
        subscription,
        azureNames(service.serviceId, subscription).appInsights,
      ),
      // An empty queue needs no peek (one AMQP link fewer per refresh).
      this.queues.depths(queue).then(async d => ({
        depths: d,
        oldest:
          d.queueDepth > 0 ? await this.queues.oldestEnqueuedAt(queue) : null,
      })),
    ]);
    const now = this.now();
    const oldestWaitingMs = oldest ? Math.max(0, now - oldest.getTime()) : 0;
    return {
      replicationLag: {
        currentMs: lagNow(lag.averageMs, oldestWaitingMs),
        appliedMs: lag.averageMs,
        oldestWaitingMs,
        p50Ms: lag.p50Ms,
        p99Ms: lag.p99Ms,
      },
      ...depths,
      // Depths and the peek are read from Service Bus just now.
      asOf: new Date(now).toISOString(),
    };
  }

  /**
   * The redriver's and the reconciler's figures from their log lines in Application Insights
   * (one query per service a minute): each line has its own time, so a point covers no period.
   */
  async recovery(service: ServiceLocation): Promise<RecoveryReading> {
    const { subscription } = where(service);
    const points = await this.logs.recovery(
      subscription,
      azureNames(service.serviceId, subscription).appInsights,
    );
    return recoveryFrom(points, 0);
  }

  async deadLetters(service: ServiceLocation, max: number) {
    const letters = await this.queues.peekDeadLetters(this.queue(service), max);
    return letters.map(l => ({
      id: l.id,
      key: keyOfBody(l.body),
      reason: l.reason,
    }));
  }

  replay(service: ServiceLocation) {
    return this.queues.replay(this.queue(service));
  }

  async series(
    service: ServiceLocation,
    window: { start: Date; end: Date; stepSeconds: number },
  ): Promise<CloudMetrics> {
    const { subscription, region } = where(service);
    const names = azureNames(service.serviceId, subscription);
    const target = {
      subscription,
      region,
      start: window.start,
      end: window.end,
      intervalSeconds: window.stepSeconds,
    };
    const [requests, queues, logs] = await Promise.all([
      this.metrics.query({ ...REQUESTS, ...target }, names.appInsights),
      this.metrics.query(
        { ...QUEUES, ...target } as MonitorQuery,
        names.serviceBus.resourceId,
      ),
      this.logs.series(subscription, names.appInsights, window),
    ]);
    const buckets = bucketsOf(window);
    const at = (
      series: MonitorSeries[],
      metric: string,
      value: (p: MonitorPoint) => number | undefined,
      entity?: string,
    ) => {
      const found = series.find(
        s =>
          s.metric.toLowerCase() === metric.toLowerCase() &&
          (entity === undefined ||
            Object.values(s.dimensions).some(
              v => v.toLowerCase() === entity.toLowerCase(),
            )),
      );
      const byTime = new Map(
        (found?.points ?? []).map(p => [p.t.getTime(), value(p)]),
      );
      return (t: number) => byTime.get(t) ?? null;
    };
    const count = at(requests, 'requests/count', p => p.count);
    const failed = at(requests, 'requests/failed', p => p.count);
    const queue = names.serviceBus.inboundQueue;
    const active = at(queues, 'ActiveMessages', p => p.maximum, queue);
    const dead = at(queues, 'DeadletteredMessages', p => p.maximum, queue);
    const points = (f: (t: number) => number | null): MetricPoint[] =>
      buckets.map(t => ({ t: new Date(t).toISOString(), v: f(t) }));
    const links = consoleLinksOf(names, window);
    return {
      links,
      series: {
        requests: points(t => (count(t) ?? 0) / window.stepSeconds),
        latencyP50Ms: points(t => logs.latency.get(t)?.p50Ms ?? null),
        latencyP99Ms: points(t => logs.latency.get(t)?.p99Ms ?? null),
        errorRate: points(t => {
          const n = count(t) ?? 0;
          return n > 0 ? (failed(t) ?? 0) / n : null;
        }),
        replicationLagMs: points(
          t => logs.replicationLag.get(t)?.p99Ms ?? null,
        ),
        queueDepth: points(active),
        deadLetterDepth: points(dead),
      },
    };
  }

  private queue(service: ServiceLocation) {
    const { subscription } = where(service);
    const names = azureNames(service.serviceId, subscription).serviceBus;
    return {
      subscription,
      namespace: names.namespace,
      queue: names.inboundQueue,
    };
  }
}

function where(service: ServiceLocation) {
  const { account: subscription, region } = locationOf(service, 'azure');
  if (!subscription || !region)
    throw new InputError(
      `${service.entityRef} names no Azure subscription or region: add the annotations multicloud.io/azure-subscription and multicloud.io/azure-region`,
    );
  return { subscription, region };
}

function sum(
  series: MonitorSeries[],
  metric: string,
  value: (p: MonitorPoint) => number | undefined,
) {
  return series
    .filter(s => s.metric.toLowerCase() === metric.toLowerCase())
    .flatMap(s => s.points)
    .reduce((total, p) => total + (value(p) ?? 0), 0);
}

function hasPoints(series: MonitorSeries[], metric: string) {
  return series.some(
    s =>
      s.metric.toLowerCase() === metric.toLowerCase() &&
      s.points.some(p => p.count !== undefined),
  );
}

/**
 * The metrics explorer of the same series: Application Insights' request metrics and the
 * namespace's queue metrics filtered to the service's queue. Latency is Application Insights'
 * `requests/duration` metric (the chart's percentiles come from its logs); the replication lag
 * lives only in the logs, so it has no metrics-explorer link.
 */
function consoleLinksOf(
  names: ReturnType<typeof azureNames>,
  window: LinkWindow,
): CloudMetrics['links'] {
  const insights = (name: string, aggregation: 'count' | 'average') => ({
    resourceId: names.appInsights,
    namespace: REQUESTS.namespace,
    name,
    aggregation,
    displayName: name,
  });
  const queue = (name: string, title: string) =>
    azureMonitorLink({
      title,
      window,
      metrics: [
        {
          resourceId: names.serviceBus.resourceId,
          namespace: QUEUES.namespace,
          name,
          aggregation: 'maximum',
          displayName: name,
        },
      ],
      filter: { dimension: 'EntityName', value: names.serviceBus.inboundQueue },
    });
  const latency = azureMonitorLink({
    title: 'Latency',
    window,
    metrics: [insights('requests/duration', 'average')],
  });
  return {
    requests: azureMonitorLink({
      title: 'Requests',
      window,
      metrics: [insights('requests/count', 'count')],
    }),
    latencyP50Ms: latency,
    latencyP99Ms: latency,
    errorRate: azureMonitorLink({
      title: 'Failed and all requests',
      window,
      metrics: [
        insights('requests/failed', 'count'),
        insights('requests/count', 'count'),
      ],
    }),
    queueDepth: queue('ActiveMessages', 'Inbound queue'),
    deadLetterDepth: queue('DeadletteredMessages', 'Dead letters'),
  };
}
