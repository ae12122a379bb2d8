import {
  CLOUD_LABELS,
  type CloudId,
  type ConsoleLink,
  type FailoverRecord,
  type MetricName,
  type MetricsResponse,
  type ServiceEvent,
} from '@multicloud/backstage-plugin-multicloud-common';

export interface ChartLine {
  /** Key in each data row, e.g. `aws` or `aws_p99`. */
  key: string;
  label: string;
  cloud: CloudId;
  metric: MetricName;
}

export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * The rows a chart draws: one per time bucket, with one column per line (a cloud's metric).
 * Clouds that could not be read add no columns; their error shows beside the charts. A bucket
 * that has not ended at `now` is left out: drawn, its partial count reads as a collapse.
 */
export function chartRows(
  metrics: MetricsResponse,
  lines: ChartLine[],
  now = Infinity,
): ChartRow[] {
  const stepMs = metrics.stepSeconds * 1000;
  const rows = new Map<number, ChartRow>();
  for (const line of lines) {
    const result = metrics.clouds.find(c => c.cloud === line.cloud);
    if (!result?.ok) continue;
    for (const point of result.data.series[line.metric] ?? []) {
      const t = Date.parse(point.t);
      if (t + stepMs > now) continue;
      const row = rows.get(t) ?? ({ t } as ChartRow);
      row[line.key] = point.v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** How many rows hold a value of the line: a line of one point draws nothing but its dots. */
export function valueCount(rows: ChartRow[], key: string): number {
  return rows.filter(row => row[key] !== null && row[key] !== undefined).length;
}

/** True when no line has a single value: the chart shows its empty state. */
export function hasData(rows: ChartRow[], lines: ChartLine[]): boolean {
  return lines.some(l => valueCount(rows, l.key) > 0);
}

/** A moment marked on the charts' time axis. */
export interface ChartEvent {
  t: number;
  label: string;
  kind: 'failover' | 'chaos';
}

/** Chaos switched on a cloud, marked where it started and where it ended (`none`). */
export function chaosEvents(events: ServiceEvent[] = []): ChartEvent[] {
  return events
    .filter(e => e.kind === 'chaos')
    .map(e => ({
      t: Date.parse(e.at),
      label: `chaos: ${CLOUD_LABELS[e.cloud] ?? e.cloud} ${
        e.mode === 'none' ? 'back to normal' : e.mode
      }`,
      kind: 'chaos' as const,
    }));
}

/**
 * The failovers to mark on the charts' time axis: those that changed or tried to change the
 * weights (a refused one changed nothing), at the moment they started.
 */
export function failoverEvents(history: FailoverRecord[]): ChartEvent[] {
  return history
    .filter(r => r.outcome !== 'refused')
    .map(r => ({
      t: Date.parse(r.startedAt),
      label: `failover to ${r.target}${
        r.outcome === 'failed' ? ' (failed)' : ''
      }`,
      kind: 'failover' as const,
    }));
}

/**
 * The clouds' consoles showing what a chart shows: per cloud, the link of the first of the
 * chart's metrics that has one (p50 and p99 share a graph), once per page.
 */
export function consoleLinks(
  metrics: MetricsResponse,
  lines: ChartLine[],
): ConsoleLink[] {
  const links = metrics.clouds.flatMap(result => {
    if (!result.ok) return [];
    const found = lines
      .filter(l => l.cloud === result.cloud)
      .map(l => result.data.links?.[l.metric])
      .find(Boolean);
    return found ? [found] : [];
  });
  return links.filter((l, i) => links.findIndex(o => o.url === l.url) === i);
}
