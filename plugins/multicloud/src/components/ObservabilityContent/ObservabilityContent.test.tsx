import {
  BUILT_IN_CLOUDS,
  type MetricsResponse,
} from '@multicloud/backstage-plugin-multicloud-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { mockMulticloudApi, renderWithEntity } from '../__testUtils__/fixtures';
import { ObservabilityContent } from './ObservabilityContent';
import { chartLines, chartRows } from './seriesData';

const NAMES = [
  'requests',
  'latencyP50Ms',
  'latencyP99Ms',
  'errorRate',
  'replicationLagMs',
  'queueDepth',
  'deadLetterDepth',
] as const;

function metrics(
  range: MetricsResponse['range'],
  points: number,
): MetricsResponse {
  const series = (offset: number) =>
    Object.fromEntries(
      NAMES.map(n => [
        n,
        Array.from({ length: points }, (_, i) => ({
          t: new Date(Date.UTC(2026, 10, 24, 10, i)).toISOString(),
          v: i + offset,
        })),
      ]),
    ) as never;
  return {
    entityRef: 'component:default/orders',
    range,
    stepSeconds: 60,
    cloudInfo: [...BUILT_IN_CLOUDS],
    clouds: [
      { cloud: 'aws', ok: true, data: { series: series(0) } },
      { cloud: 'azure', ok: true, data: { series: series(100) } },
    ],
  };
}

describe('ObservabilityContent', () => {
  it("links a chart to the clouds' consoles that show the same series, and no other chart", async () => {
    const response = metrics('1h', 5);
    const aws = response.clouds[0] as { data: { links?: unknown } };
    aws.data.links = {
      queueDepth: { title: 'CloudWatch', url: 'https://cw.example/queue' },
    };
    const azure = response.clouds[1] as { data: { links?: unknown } };
    azure.data.links = {
      queueDepth: { title: 'Azure Monitor', url: 'https://az.example/queue' },
    };
    const api = mockMulticloudApi({
      getMetrics: jest.fn(async () => response),
    });
    await renderWithEntity(<ObservabilityContent />, { api });
    const queue = await screen.findByTestId('chart-queue-depth');
    expect(
      within(queue).getByRole('link', { name: 'Open in CloudWatch' }),
    ).toHaveAttribute('href', 'https://cw.example/queue');
    expect(
      within(queue).getByRole('link', { name: 'Open in Azure Monitor' }),
    ).toHaveAttribute('target', '_blank');
    expect(
      within(screen.getByTestId('chart-requests')).queryByRole('link'),
    ).toBeNull();
  });

  it('draws a chart per metric with both clouds and changes with the range picker', async () => {
    const api = mockMulticloudApi({
      getMetrics: jest.fn(async (_ref, range) => metrics(range, 5)),
    });
    const { container } = await renderWithEntity(<ObservabilityContent />, {
      api,
    });
    for (const id of [
      'requests',
      'latency',
      'error-rate',
      'replication-lag',
      'queue-depth',
    ])
      expect(await screen.findByTestId(`chart-${id}`)).toBeInTheDocument();
    expect(screen.queryByText('No data for this range yet')).toBeNull();
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      'component:default/orders',
      '1h',
    );
    expect(screen.getByRole('button', { name: '1h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByRole('button', { name: '24h' }));
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(
        'component:default/orders',
        '24h',
      ),
    );
    expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: '1h' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    expect(await axe(container)).toHaveNoViolations();
  });

  it('takes the range from the URL, so a link or a reload shows the same chart', async () => {
    const api = mockMulticloudApi({
      getMetrics: jest.fn(async (_ref, range) => metrics(range, 5)),
    });
    await renderWithEntity(<ObservabilityContent />, {
      api,
      path: '/?range=7d',
    });
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(
        'component:default/orders',
        '7d',
      ),
    );
    expect(screen.getByRole('button', { name: '7d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('says there is no data yet for a range without points', async () => {
    await renderWithEntity(<ObservabilityContent />, {
      api: mockMulticloudApi({
        getMetrics: jest.fn(async () => metrics('7d', 0)),
      }),
    });
    expect(
      await screen.findAllByText('No data for this range yet'),
    ).toHaveLength(5);
  });

  it('keeps one cloud’s metrics error beside the charts of the other', async () => {
    const partial = metrics('1h', 3);
    partial.clouds[1] = {
      cloud: 'azure',
      ok: false,
      error: { message: 'Azure Monitor throttled' },
    };
    await renderWithEntity(<ObservabilityContent />, {
      api: mockMulticloudApi({ getMetrics: jest.fn(async () => partial) }),
    });
    expect(
      await screen.findByText('Azure Monitor throttled'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('chart-requests')).queryByText(
        'No data for this range yet',
      ),
    ).toBeNull();
  });
});

describe('chartRows', () => {
  it('joins the clouds’ series into one row per time bucket', () => {
    const rows = chartRows(
      metrics('1h', 2),
      chartLines(BUILT_IN_CLOUDS, [{ metric: 'requests' }]),
    );
    expect(rows).toEqual([
      {
        t: Date.UTC(2026, 10, 24, 10, 0),
        'aws:requests': 0,
        'azure:requests': 100,
      },
      {
        t: Date.UTC(2026, 10, 24, 10, 1),
        'aws:requests': 1,
        'azure:requests': 101,
      },
    ]);
  });

  it('leaves out the bucket that has not ended yet, whose partial count would read as a collapse', () => {
    const rows = chartRows(
      metrics('1h', 2),
      chartLines(BUILT_IN_CLOUDS.slice(0, 1), [{ metric: 'requests' }]),
      Date.UTC(2026, 10, 24, 10, 1, 30),
    );
    expect(rows.map(r => r.t)).toEqual([Date.UTC(2026, 10, 24, 10, 0)]);
  });
});
