import { RegionStats } from './RegionStats';

describe('RegionStats lag listeners', () => {
  it('hands over every lag sample recorded while subscribed, beyond what a bucket keeps', () => {
    const stats = new RegionStats(() => 1_000_005);
    stats.recordLag(7);
    const seen: number[] = [];
    const stop = stats.onLag(ms => seen.push(ms));
    for (let i = 0; i < 2_500; i++) stats.recordLag(i);
    stop();
    stats.recordLag(9);

    expect(seen).toHaveLength(2_500);
    expect(seen[2_499]).toBe(2_499);
    // The series keeps 2,000 values a bucket for its percentiles: all of them are in one bucket.
    expect(stats.lag.since(0)[0].values).toHaveLength(2_000);
  });
});
