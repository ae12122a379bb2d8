/**
 * Figures in fixed time buckets (10 s by default) kept for a bounded period, for the portal's
 * charts: a bucket holds a sum and a count (for rates and means) and the values for percentiles.
 */
export interface Bucket {
  start: number;
  count: number;
  sum: number;
  values: number[];
}

export class TimeSeries {
  private readonly buckets: Bucket[] = [];

  constructor(
    readonly bucketMs = 10_000,
    private readonly keepMs = 7 * 24 * 3600_000,
    /** Values kept per bucket for percentiles; the rest only count towards sum and count. */
    private readonly maxValuesPerBucket = 2_000,
  ) {}

  add(value: number, at = Date.now()): void {
    const start = at - (at % this.bucketMs);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.start !== start) {
      last = { start, count: 0, sum: 0, values: [] };
      this.buckets.push(last);
      const oldest = at - this.keepMs;
      while (this.buckets.length && this.buckets[0].start < oldest)
        this.buckets.shift();
    }
    last.count += 1;
    last.sum += value;
    if (last.values.length < this.maxValuesPerBucket) last.values.push(value);
  }

  /** Buckets that start at or after `since`. */
  since(since: number): Bucket[] {
    let i = this.buckets.length;
    while (i > 0 && this.buckets[i - 1].start >= since) i -= 1;
    return this.buckets.slice(i);
  }
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

export type Reducer = 'rate' | 'mean' | 'p50' | 'p99' | 'max' | 'last';

/** Resamples buckets into `step`-sized points between `from` and `to`; empty steps are null. */
export function resample(
  buckets: Bucket[],
  from: number,
  to: number,
  stepMs: number,
  reduce: Reducer,
) {
  const points: { t: string; v: number | null }[] = [];
  let i = 0;
  for (let t = from - (from % stepMs); t < to; t += stepMs) {
    const inStep: Bucket[] = [];
    while (i < buckets.length && buckets[i].start < t + stepMs) {
      if (buckets[i].start >= t) inStep.push(buckets[i]);
      i += 1;
    }
    // The first and the last step hold only their part inside the range (the last one is still
    // under way): a rate over the whole step would show a steady load falling away at the chart's
    // edges. At least a second, against noise.
    const spanMs = Math.max(1000, Math.min(t + stepMs, to) - Math.max(t, from));
    points.push({
      t: new Date(t).toISOString(),
      v: reduceBuckets(inStep, spanMs, reduce),
    });
  }
  return points;
}

function reduceBuckets(
  buckets: Bucket[],
  spanMs: number,
  reduce: Reducer,
): number | null {
  if (!buckets.length) return reduce === 'rate' ? 0 : null;
  const count = buckets.reduce((n, b) => n + b.count, 0);
  const sum = buckets.reduce((n, b) => n + b.sum, 0);
  const values = buckets.flatMap(b => b.values);
  switch (reduce) {
    case 'rate':
      return count / (spanMs / 1000);
    case 'mean':
      return count ? sum / count : null;
    case 'p50':
      return percentile(values, 0.5);
    case 'p99':
      return percentile(values, 0.99);
    case 'max':
      return values.length ? Math.max(...values) : null;
    case 'last':
      return values.length ? values[values.length - 1] : null;
    default:
      return null;
  }
}
