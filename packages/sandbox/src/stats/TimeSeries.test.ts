import { resample, TimeSeries } from './TimeSeries';

describe('resample', () => {
  const step = 30_000;
  const start = 1_800_000_000_000 - (1_800_000_000_000 % step);

  it('gives the step under way its rate so far, not a steady load falling away at the right edge', () => {
    const series = new TimeSeries();
    // 2 requests a second for the first 10 s of the current step.
    for (let ms = 0; ms < 10_000; ms += 500) series.add(1, start + ms);
    const points = resample(
      series.since(start - step),
      start - step,
      start + 10_000,
      step,
      'rate',
    );
    expect(points.map(p => p.v)).toEqual([0, 2]);
  });

  it('gives a whole step its rate over the whole step', () => {
    const series = new TimeSeries();
    for (let ms = 0; ms < 10_000; ms += 500) series.add(1, start + ms);
    const [point] = resample(
      series.since(start),
      start,
      start + step,
      step,
      'rate',
    );
    expect(point.v).toBeCloseTo(20 / 30);
  });
});
