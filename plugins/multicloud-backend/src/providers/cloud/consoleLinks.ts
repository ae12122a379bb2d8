import type { ConsoleLink } from '@multicloud/backstage-plugin-multicloud-common';
import type { MetricQuery } from '../aws/CloudWatchBatcher';

export interface LinkWindow {
  start: Date;
  end: Date;
  stepSeconds: number;
}

/**
 * The CloudWatch console's graph of the same metrics, in the format Grafana's "View in
 * CloudWatch console" link uses (grafana/grafana,
 * public/app/plugins/datasource/cloudwatch/datasource.ts, buildCloudwatchConsoleUrl):
 * `https://<region>.console.aws.amazon.com/cloudwatch/deeplink.js?region=<region>#metricsV2:graph=`
 * + the URI-encoded JSON `{ view, stacked, title, start, end, region, metrics }`, each metric
 * `[namespace, metricName, dimensionName, dimensionValue, ..., { stat, period }]`.
 * `deeplink.js` lands in the console of the signed-in account.
 */
export function cloudWatchLink(options: {
  region: string;
  title: string;
  window: LinkWindow;
  queries: MetricQuery[];
}): ConsoleLink {
  const { region, title, window, queries } = options;
  const graph = {
    view: 'timeSeries',
    stacked: false,
    title,
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    region,
    metrics: queries.map(q => [
      q.namespace,
      q.metricName,
      ...Object.entries(q.dimensions).flat(),
      { stat: q.stat, period: window.stepSeconds },
    ]),
  };
  return {
    title: 'CloudWatch',
    url: `https://${region}.console.aws.amazon.com/cloudwatch/deeplink.js?region=${region}#metricsV2:graph=${encodeURIComponent(
      JSON.stringify(graph),
    )}`,
  };
}

/**
 * Azure Monitor's aggregation codes in a chart definition, as Grafana maps them
 * (grafana/grafana, pkg/tsdb/azuremonitor/metrics: None 0, Total 1, Minimum 2, Maximum 3,
 * Average 4, Count 7).
 */
const AGGREGATION = { total: 1, maximum: 3, average: 4, count: 7 } as const;

/**
 * The Azure portal's metrics explorer with the same metrics, in the format Grafana's "View in
 * Azure Portal" link uses (grafana/grafana, pkg/tsdb/azuremonitor/metrics/azuremonitor-datasource.go,
 * getQueryUrl): `https://portal.azure.com/#blade/Microsoft_Azure_MonitoringMetrics/Metrics.ReactView/Referer/MetricsExplorer/TimeContext/<time>/ChartDefinition/<chart>`,
 * both URI-encoded JSON (`{ absolute: { startTime, endTime } }` and `{ v2charts: [{ metrics:
 * [{ resourceMetadata: { id }, name, aggregationType, namespace, metricVisualization }] }] }`).
 * A dimension filter is `{ key, operator: 0 (eq), values }`. Spaces are `%20`: the portal
 * times out on `+` (same source).
 */
export function azureMonitorLink(options: {
  title: string;
  window: LinkWindow;
  metrics: {
    resourceId: string;
    namespace: string;
    name: string;
    aggregation: keyof typeof AGGREGATION;
    displayName: string;
  }[];
  /** Split by a dimension, e.g. the queue (`EntityName`) of a Service Bus namespace. */
  filter?: { dimension: string; value: string };
}): ConsoleLink {
  const { title, window, metrics, filter } = options;
  const time = {
    absolute: {
      startTime: window.start.toISOString(),
      endTime: window.end.toISOString(),
    },
  };
  const chart = {
    v2charts: [
      {
        title,
        metrics: metrics.map(m => ({
          resourceMetadata: { id: m.resourceId },
          name: m.name,
          aggregationType: AGGREGATION[m.aggregation],
          namespace: m.namespace,
          metricVisualization: { displayName: m.displayName },
        })),
        ...(filter
          ? {
              filterCollection: {
                filters: [
                  {
                    key: filter.dimension,
                    operator: 0,
                    values: [filter.value],
                  },
                ],
              },
            }
          : {}),
      },
    ],
  };
  return {
    title: 'Azure Monitor',
    url: `https://portal.azure.com/#blade/Microsoft_Azure_MonitoringMetrics/Metrics.ReactView/Referer/MetricsExplorer/TimeContext/${encodeURIComponent(
      JSON.stringify(time),
    )}/ChartDefinition/${encodeURIComponent(JSON.stringify(chart))}`,
  };
}
