import type { MetricRange } from '@multicloud/backstage-plugin-multicloud-common';

/** What a chart's values are, which decides how its axis and tooltip write them. */
export type ValueKind = 'rate' | 'duration' | 'share' | 'count';

const compact = new Intl.NumberFormat('en', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** Small values to two significant digits: ticks 0.025 apart must not all read "0" or "0.1". */
const small = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/** A number short enough for the axis, and as precise as its ticks' steps. */
const short = (v: number) =>
  Math.abs(v) < 1 ? small.format(v) : compact.format(v);

/**
 * An axis tick: short, so that large values keep every digit in the axis's width (60000 → "60K",
 * a lag of 60000 ms → "60 s"), small ones theirs (a rate of 0.025/s), shares in percent.
 */
export function tick(kind: ValueKind, v: number): string {
  switch (kind) {
    case 'duration':
      return v >= 1000 ? `${compact.format(v / 1000)} s` : `${short(v)} ms`;
    case 'share':
      return `${short(v * 100)}%`;
    default:
      return short(v);
  }
}

/** A tooltip value: rounded, with its unit. */
export function tooltipValue(kind: ValueKind, v: number | null): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no data';
  switch (kind) {
    case 'rate':
      return `${v.toFixed(v < 10 ? 2 : 1)} /s`;
    case 'duration':
      if (v < 10_000) return `${Math.round(v)} ms`;
      return `${(v / 1000).toFixed(1)} s`;
    case 'share':
      return `${(v * 100).toFixed(2)}%`;
    default:
      return String(Math.round(v));
  }
}

/** A time on the time axis: the date as well on ranges that span days. */
export function timeTick(range: MetricRange, t: number): string {
  const date = new Date(t);
  if (range === '24h' || range === '7d')
    return date.toLocaleString([], {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
