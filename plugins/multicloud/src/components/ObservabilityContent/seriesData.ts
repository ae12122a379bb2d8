import type {
  CloudId,
  CloudInfo,
  ConsoleLink,
  FailoverRecord,
  MetricName,
  MetricsResponse,
  ServiceEvent,
} from '@multicloud/backstage-plugin-multicloud-common';
import { cloudLabel } from '../common/clouds';

export interface ChartLine {
  /** Key in each data row, e.g. `aws:requests`. */
  key: string;
  /** The legend's text, e.g. `AWS p99`. */
  label: string;
  cloud: CloudId;
  metric: MetricName;
  /** CSS colour: the cloud's. */
  color: string;
  /** The second metric of a chart (p99 beside p50) is dashed, in the same cloud's colour. */
  dashed: boolean;
}

/** A metric a chart draws, with the word that tells it from the chart's other metric. */
export interface ChartMetric {
  metric: MetricName;
  /** E.g. `p99`; none when the chart draws one metric. */
  name?: string;
}

/**
 * A chart's lines: each of its metrics for each of the service's clouds, in the clouds' order
 * and colours.
 */
export function chartLines(
  clouds: readonly CloudInfo[],
  metrics: ChartMetric[],
): ChartLine[] {
  return metrics.flatMap(({ metric, name }, i) =>
    clouds.map(cloud => ({
      key: `${cloud.id}:${metric}`,
      label: name ? `${cloud.label} ${name}` : cloud.label,
      cloud: cloud.id,
      metric,
      color: cloud.color,
      dashed: i > 0,
    })),
  );
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
export function chaosEvents(
  events: ServiceEvent[] | undefined,
  clouds: readonly CloudInfo[],
): ChartEvent[] {
  return (events ?? [])
    .filter(e => e.kind === 'chaos')
    .map(e => ({
      t: Date.parse(e.at),
      label: `chaos: ${cloudLabel(clouds, e.cloud)} ${
        e.mode === 'none' ? 'back to normal' : e.mode
      }`,
      kind: 'chaos' as const,
    }));
}

/**
 * Events of one kind closer than `gapMs` share one mark, their labels joined: two labels drawn a
 * few pixels apart (chaos on, then off a minute later, on a day's axis) would overlap unreadably.
 */
export function groupNearbyEvents(
  events: ChartEvent[],
  gapMs: number,
): ChartEvent[] {
  const groups: ChartEvent[] = [];
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    const last = [...groups].reverse().find(g => g.kind === e.kind);
    if (last && e.t - last.t < gapMs) last.label = `${last.label} · ${e.label}`;
    else groups.push({ ...e });
  }
  return groups;
}

/**
 * The failovers to mark on the charts' time axis: those that changed or tried to change the
 * weights (a refused one changed nothing), at the moment they started.
 */
export function failoverEvents(
  history: FailoverRecord[],
  clouds: readonly CloudInfo[],
): ChartEvent[] {
  return history
    .filter(r => r.outcome !== 'refused')
    .map(r => ({
      t: Date.parse(r.startedAt),
      label: `failover to ${
        r.target === 'split' ? 'split' : cloudLabel(clouds, r.target)
      }${r.outcome === 'failed' ? ' (failed)' : ''}`,
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
