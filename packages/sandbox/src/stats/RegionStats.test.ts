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

describe('RegionStats replication lag', () => {
  function stats() {
    let clock = 1_000_000;
    const s = new RegionStats(() => clock);
    return {
      s,
      at: (t: number) => {
        clock = t;
      },
    };
  }

  it('grows the lag by the second while the inbound queue holds events nobody applies', () => {
    const { s, at } = stats();
    s.recordLag(20, 1_000_000);
    s.recordDepths(0, 0, 1_000_000);
    at(1_002_000);
    s.recordDepths(12, 0);
    at(1_059_000);
    s.recordDepths(228, 0);
    const lag = s.recent().replicationLag;
    // Nothing applied in the last 10 s: no applied lag stands for now.
    expect(lag.appliedMs).toBeNull();
    // Everything waiting arrived after the queue was last seen empty, 59 s ago.
    expect(lag.oldestWaitingMs).toBe(59_000);
    expect(lag.currentMs).toBe(59_000);
  });

  it('keeps the lag near the last applied one while the queue is drained as fast as it fills', () => {
    const { s, at } = stats();
    s.recordDepths(0, 0, 1_000_000);
    for (let t = 1_000_100; t <= 1_030_000; t += 100) {
      at(t);
      s.recordLag(40);
      if (t % 2_000 === 0) s.recordDepths(7, 0);
    }
    const lag = s.recent().replicationLag;
    // The newest applied event was written 40 ms ago: what waits is younger.
    expect(lag.oldestWaitingMs).toBe(40);
    expect(lag.currentMs).toBe(40);
  });

  it('reads 0 once the queue is seen empty again, and nothing before the queue is sampled', () => {
    const { s, at } = stats();
    expect(s.recent().replicationLag.currentMs).toBeNull();
    s.recordDepths(5, 0);
    at(1_010_000);
    expect(s.oldestWaitingMs()).toBe(10_000);
    s.recordDepths(0, 0);
    expect(s.oldestWaitingMs()).toBe(0);
  });

  it('lets the lag of a catch-up go once nothing waits and nothing was applied for 10 s', () => {
    const { s, at } = stats();
    s.recordLag(16_575);
    s.recordDepths(0, 0);
    expect(s.recent().replicationLag.currentMs).toBe(16_575);
    at(1_010_001);
    s.recordDepths(0, 0);
    expect(s.recent().replicationLag).toMatchObject({
      currentMs: 0,
      appliedMs: null,
      oldestWaitingMs: 0,
    });
  });

  it('draws the lag chart as the larger of the applied lag and the oldest waiting event', () => {
    const { s, at } = stats();
    s.recordDepths(0, 0);
    s.recordLag(30);
    at(1_020_000);
    s.recordDepths(5, 0);
    at(1_040_000);
    s.recordDepths(9, 0);
    const points = s.series('1h').replicationLagMs.filter(p => p.v !== null);
    // Queue last seen empty 40 s before the last sample: the chart ends at 40 s, not 30 ms.
    expect(points.at(-1)?.v).toBe(40_000);
    expect(Math.max(...points.map(p => p.v ?? 0))).toBe(40_000);
  });
});

describe('RegionStats self-healing figures', () => {
  it("counts the hour's re-drives and keeps the last run's letters awaiting a person", () => {
    let clock = 10_000_000;
    const s = new RegionStats(() => clock);
    expect(s.redriveFigures()).toEqual({
      awaitingPerson: null,
      redrivenLastHour: 0,
      lastRunAt: null,
    });
    s.recordRedrive({ redriven: 5, awaitingPerson: 0 });
    clock += 3_000_000;
    s.recordRedrive({ redriven: 2, awaitingPerson: 1 });
    expect(s.redriveFigures()).toEqual({
      awaitingPerson: 1,
      redrivenLastHour: 7,
      lastRunAt: clock,
    });
    // An hour after the first run, its re-drives no longer count.
    clock += 700_000;
    s.recordRedrive({ redriven: 0, awaitingPerson: 1 });
    expect(s.redriveFigures().redrivenLastHour).toBe(2);
  });

  it("adds up the last round's steps, not the round before", () => {
    let clock = 10_000_000;
    const s = new RegionStats(() => clock);
    expect(s.lastAntiEntropyRound(60_000)).toBeNull();
    s.recordAntiEntropy({ compared: 900, diverged: 0, repaired: 0 });
    clock += 150_000;
    s.recordAntiEntropy({ compared: 1000, diverged: 2, repaired: 0 });
    clock += 200;
    s.recordAntiEntropy({ compared: 2, diverged: 1, repaired: 2 });
    expect(s.lastAntiEntropyRound(60_000)).toEqual({
      compared: 1002,
      diverged: 3,
      repaired: 2,
      at: clock,
    });
  });
});
