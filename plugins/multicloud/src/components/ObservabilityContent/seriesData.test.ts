import { BUILT_IN_CLOUDS } from '@multicloud/backstage-plugin-multicloud-common';
import { failoverRecord } from '../__testUtils__/fixtures';
import {
  chartLines,
  chaosEvents,
  consoleLinks,
  failoverEvents,
  groupNearbyEvents,
  hasData,
  valueCount,
  type ChartLine,
  type ChartRow,
} from './seriesData';

const lines: ChartLine[] = chartLines(BUILT_IN_CLOUDS, [
  { metric: 'requests' },
]);

const gcp = { id: 'gcp', label: 'Google Cloud', color: '#34a853' };

describe('chart series', () => {
  it("draws each metric for each of the service's clouds, in their order and colours, the second metric dashed", () => {
    expect(
      chartLines(
        [...BUILT_IN_CLOUDS, gcp],
        [
          { metric: 'latencyP50Ms', name: 'p50' },
          { metric: 'latencyP99Ms', name: 'p99' },
        ],
      ).map(l => [l.key, l.label, l.color, l.dashed]),
    ).toEqual([
      ['aws:latencyP50Ms', 'AWS p50', '#ff9900', false],
      ['azure:latencyP50Ms', 'Azure p50', '#0078d4', false],
      ['gcp:latencyP50Ms', 'Google Cloud p50', '#34a853', false],
      ['aws:latencyP99Ms', 'AWS p99', '#ff9900', true],
      ['azure:latencyP99Ms', 'Azure p99', '#0078d4', true],
      ['gcp:latencyP99Ms', 'Google Cloud p99', '#34a853', true],
    ]);
  });

  it('counts the values of a line, not its empty buckets', () => {
    const rows: ChartRow[] = [
      { t: 1, 'aws:requests': null, 'azure:requests': 0 },
      { t: 2, 'aws:requests': 3, 'azure:requests': 1 },
      { t: 3, 'azure:requests': 2 },
    ];
    expect(valueCount(rows, 'aws:requests')).toBe(1);
    expect(valueCount(rows, 'azure:requests')).toBe(3);
    expect(hasData(rows, lines)).toBe(true);
  });

  it('has no data when every bucket of every line is empty', () => {
    const rows: ChartRow[] = [
      { t: 1, 'aws:requests': null, 'azure:requests': null },
      { t: 2 } as ChartRow,
    ];
    expect(hasData(rows, lines)).toBe(false);
    expect(hasData([], lines)).toBe(false);
  });
});

describe('failoverEvents', () => {
  it('marks the failovers that touched the weights, not the refused ones', () => {
    const events = failoverEvents(
      [
        failoverRecord({ id: 'a', outcome: 'succeeded', target: 'azure' }),
        failoverRecord({ id: 'b', outcome: 'refused', target: 'aws' }),
        failoverRecord({ id: 'c', outcome: 'failed', target: 'split' }),
        failoverRecord({ id: 'd', outcome: 'succeeded', target: 'gone' }),
      ],
      BUILT_IN_CLOUDS,
    );
    expect(events.map(e => e.label)).toEqual([
      'failover to Azure',
      'failover to split (failed)',
      // A cloud the service no longer lists is named by its id.
      'failover to gone',
    ]);
    expect(events[0].t).toBe(Date.parse(failoverRecord().startedAt));
  });

  it('marks chaos where it was switched on and where it ended, by cloud', () => {
    expect(
      chaosEvents(
        [
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
        ],
        BUILT_IN_CLOUDS,
      ),
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
    expect(chaosEvents(undefined, BUILT_IN_CLOUDS)).toEqual([]);
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
    const latencyLines = chartLines(BUILT_IN_CLOUDS, [
      { metric: 'latencyP50Ms', name: 'p50' },
      { metric: 'latencyP99Ms', name: 'p99' },
    ]);
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
