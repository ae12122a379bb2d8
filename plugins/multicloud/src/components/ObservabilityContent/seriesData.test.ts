import { BUILT_IN_CLOUDS } from '@multicloud/backstage-plugin-multicloud-common';
import { failoverRecord } from '../__testUtils__/fixtures';
import {
  chaosEvents,
  consoleLinks,
  failoverEvents,
  groupNearbyEvents,
  hasData,
  valueCount,
  type ChartLine,
  type ChartRow,
} from './seriesData';

const lines: ChartLine[] = [
  { key: 'aws', label: 'AWS', cloud: 'aws', metric: 'requests' },
  { key: 'azure', label: 'Azure', cloud: 'azure', metric: 'requests' },
];

describe('chart series', () => {
  it('counts the values of a line, not its empty buckets', () => {
    const rows: ChartRow[] = [
      { t: 1, aws: null, azure: 0 },
      { t: 2, aws: 3, azure: 1 },
      { t: 3, azure: 2 },
    ];
    expect(valueCount(rows, 'aws')).toBe(1);
    expect(valueCount(rows, 'azure')).toBe(3);
    expect(hasData(rows, lines)).toBe(true);
  });

  it('has no data when every bucket of every line is empty', () => {
    const rows: ChartRow[] = [
      { t: 1, aws: null, azure: null },
      { t: 2 } as ChartRow,
    ];
    expect(hasData(rows, lines)).toBe(false);
    expect(hasData([], lines)).toBe(false);
  });
});

describe('failoverEvents', () => {
  it('marks the failovers that touched the weights, not the refused ones', () => {
    const events = failoverEvents([
      failoverRecord({ id: 'a', outcome: 'succeeded', target: 'azure' }),
      failoverRecord({ id: 'b', outcome: 'refused', target: 'aws' }),
      failoverRecord({ id: 'c', outcome: 'failed', target: 'split' }),
    ]);
    expect(events.map(e => e.label)).toEqual([
      'failover to azure',
      'failover to split (failed)',
    ]);
    expect(events[0].t).toBe(Date.parse(failoverRecord().startedAt));
  });

  it('marks chaos where it was switched on and where it ended, by cloud', () => {
    expect(
      chaosEvents([
        {
          at: '2026-12-02T10:00:00.000Z',
          kind: 'chaos',
          cloud: 'aws',
          mode: 'down',
        },
        {
          at: '2026-12-02T10:02:00.000Z',
          kind: 'chaos',
          cloud: 'aws',
          mode: 'none',
        },
        {
          at: '2026-12-02T10:03:00.000Z',
          kind: 'chaos',
          cloud: 'azure',
          mode: 'bridge-cut',
        },
      ]),
    ).toEqual([
      {
        t: Date.parse('2026-12-02T10:00:00.000Z'),
        label: 'chaos: AWS down',
        kind: 'chaos',
      },
      {
        t: Date.parse('2026-12-02T10:02:00.000Z'),
        label: 'chaos: AWS back to normal',
        kind: 'chaos',
      },
      {
        t: Date.parse('2026-12-02T10:03:00.000Z'),
        label: 'chaos: Azure bridge-cut',
        kind: 'chaos',
      },
    ]);
    expect(chaosEvents(undefined)).toEqual([]);
  });

  it("links a chart to each cloud's console once, skipping clouds without a link or a reading", () => {
    const link = (title: string, url: string) => ({ title, url });
    const metrics = {
      entityRef: 'component:default/orders',
      range: '1h' as const,
      stepSeconds: 60,
      cloudInfo: [...BUILT_IN_CLOUDS],
      clouds: [
        {
          cloud: 'aws' as const,
          ok: true as const,
          data: {
            series: {} as never,
            links: {
              latencyP50Ms: link('CloudWatch', 'https://cw/latency'),
              latencyP99Ms: link('CloudWatch', 'https://cw/latency'),
            },
          },
        },
        {
          cloud: 'azure' as const,
          ok: false as const,
          error: { message: 'unreadable' },
        },
      ],
    };
    const latencyLines: ChartLine[] = [
      {
        key: 'aws_p50',
        label: 'AWS p50',
        cloud: 'aws',
        metric: 'latencyP50Ms',
      },
      {
        key: 'azure_p50',
        label: 'Azure p50',
        cloud: 'azure',
        metric: 'latencyP50Ms',
      },
      {
        key: 'aws_p99',
        label: 'AWS p99',
        cloud: 'aws',
        metric: 'latencyP99Ms',
      },
    ];
    expect(consoleLinks(metrics, latencyLines)).toEqual([
      link('CloudWatch', 'https://cw/latency'),
    ]);
    expect(consoleLinks(metrics, lines)).toEqual([]);
  });

  it('shares one mark between events of a kind too close to read apart, never across kinds', () => {
    const at = (t: number, label: string, kind: 'chaos' | 'failover') => ({
      t,
      label,
      kind,
    });
    expect(
      groupNearbyEvents(
        [
          at(1000, 'chaos: AWS back to normal', 'chaos'),
          at(0, 'chaos: AWS down', 'chaos'),
          at(500, 'failover to azure', 'failover'),
          at(5000, 'chaos: Azure down', 'chaos'),
        ],
        2000,
      ),
    ).toEqual([
      at(0, 'chaos: AWS down · chaos: AWS back to normal', 'chaos'),
      at(500, 'failover to azure', 'failover'),
      at(5000, 'chaos: Azure down', 'chaos'),
    ]);
  });
});
