import { ServiceEvents } from './ServiceEvents';

describe('ServiceEvents', () => {
  it('keeps each chaos switch with its time, region and mode, oldest first', () => {
    let now = Date.parse('2026-12-02T10:00:00Z');
    const events = new ServiceEvents(1000, () => now);
    events.chaos('aws', 'down');
    now += 60_000;
    events.chaos('aws', 'none');
    expect(events.since(3600_000)).toEqual([
      {
        at: '2026-12-02T10:00:00.000Z',
        kind: 'chaos',
        region: 'aws',
        mode: 'down',
      },
      {
        at: '2026-12-02T10:01:00.000Z',
        kind: 'chaos',
        region: 'aws',
        mode: 'none',
      },
    ]);
    expect(events.since(30_000)).toHaveLength(1);
  });

  it('forgets events older than the longest chart range, and keeps at most its limit', () => {
    let now = 0;
    const events = new ServiceEvents(3, () => now);
    events.chaos('azure', 'down');
    now = 8 * 24 * 3600_000;
    events.chaos('azure', 'none');
    expect(events.since(Infinity).map(e => e.mode)).toEqual(['none']);
    for (const mode of ['down', 'store-failure', 'bridge-cut'] as const)
      events.chaos('aws', mode);
    expect(events.since(Infinity).map(e => e.mode)).toEqual([
      'down',
      'store-failure',
      'bridge-cut',
    ]);
  });
});
