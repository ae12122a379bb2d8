import {
  BUILT_IN_CLOUDS,
  METRIC_NAMES,
  type CloudStatus,
  type MetricsResponse,
} from '@multicloud/backstage-plugin-multicloud-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  cloudStatus,
  failoverRecord,
  GCP,
  mockMulticloudApi,
  plan,
  renderWithEntity,
  status,
} from './__testUtils__/fixtures';
import { MulticloudCard } from './MulticloudCard';
import { MulticloudContent } from './MulticloudContent/MulticloudContent';
import { ObservabilityContent } from './ObservabilityContent/ObservabilityContent';
import { clock } from './common/format';

/**
 * The portal with a service on three clouds, the third declared by a provider module: nothing in
 * the frontend names it, so everything here comes from the responses' `cloudInfo`.
 */
const THREE_CLOUDS = [...BUILT_IN_CLOUDS, GCP];

function threeClouds(
  weights: [number, number, number],
  overrides: Partial<Record<string, Partial<CloudStatus>>> = {},
) {
  return status(
    THREE_CLOUDS.map((c, i) =>
      cloudStatus(c.id, { weight: weights[i], ...overrides[c.id] }),
    ),
    THREE_CLOUDS,
  );
}

function metrics(): MetricsResponse {
  const series = (offset: number) =>
    Object.fromEntries(
      METRIC_NAMES.map(n => [
        n,
        Array.from({ length: 5 }, (_, i) => ({
          t: new Date(Date.UTC(2026, 10, 24, 10, i)).toISOString(),
          v: i + offset,
        })),
      ]),
    ) as never;
  return {
    entityRef: 'component:default/orders',
    range: '1h',
    stepSeconds: 60,
    cloudInfo: THREE_CLOUDS,
    clouds: THREE_CLOUDS.map((c, i) => ({
      cloud: c.id,
      ok: true as const,
      data: { series: series(i * 100) },
    })),
  };
}

describe('a service on three clouds', () => {
  it('shows a panel and a weights segment per cloud in its colour, and a failover button for each', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () => threeClouds([34, 33, 33])),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    const gcp = await screen.findByTestId('cloud-panel-gcp');
    expect(within(gcp).getByText('Google Cloud')).toBeInTheDocument();
    expect(within(gcp).getByText('Region europe-west1')).toBeInTheDocument();
    expect(screen.getAllByTestId(/^cloud-panel-/)).toHaveLength(3);

    const segments = screen.getAllByTestId(/^weights-bar-segment-/);
    expect(segments).toHaveLength(3);
    expect(screen.getByTestId('weights-bar-segment-gcp')).toHaveStyle({
      width: '33%',
      background: '#34a853',
    });
    expect(screen.getByTestId('weights-bar')).toHaveTextContent(
      'Traffic: AWS 34% · Azure 33% · Google Cloud 33%',
    );
    for (const label of ['AWS', 'Azure', 'Google Cloud'])
      expect(
        screen.getByRole('button', { name: `Fail over to ${label}` }),
      ).toBeEnabled();
    // 34/33/33 is the even split of three clouds: restoring it would change nothing.
    expect(screen.queryByRole('button', { name: 'Restore split' })).toBeNull();
  });

  it('plans a failover to the third cloud and shows its plan for every cloud', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () => threeClouds([34, 33, 33])),
      planFailover: jest.fn(async () =>
        plan({
          target: 'gcp',
          current: { aws: 34, azure: 33, gcp: 33 },
          desired: { aws: 0, azure: 0, gcp: 100 },
          targetHealth: { aws: 'healthy', azure: 'unknown', gcp: 'healthy' },
        }),
      ),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Fail over to Google Cloud' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Fail over orders to Google Cloud'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.planFailover).toHaveBeenCalledWith(
        'component:default/orders',
        { target: 'gcp', reason: '', force: false },
      ),
    );
    expect(
      await within(dialog).findByText(
        'Traffic now: AWS 34% · Azure 33% · Google Cloud 33%',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Traffic after: AWS 0% · Azure 0% · Google Cloud 100%',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Health: AWS healthy · Azure unknown · Google Cloud healthy',
      ),
    ).toBeInTheDocument();
  });

  it('offers the even split of three once a cloud holds all the traffic, and not that cloud', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () => threeClouds([0, 0, 100])),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restore split' }),
    );
    expect(
      screen.queryByRole('button', { name: 'Fail over to Google Cloud' }),
    ).toBeNull();
    expect(
      within(await screen.findByRole('dialog')).getByText(
        'Restore the 34/33/33 split of orders',
      ),
    ).toBeInTheDocument();
  });

  it('names the third cloud in the banner and the history, and an unknown cloud of an old record by its id', async () => {
    const since = '2026-12-01T22:25:45Z';
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        threeClouds([50, 50, 0], {
          gcp: { health: 'unhealthy', healthSince: since, trafficShare: 0 },
        }),
      ),
      getFailoverHistory: jest.fn(async () => [
        failoverRecord({
          outcome: 'succeeded',
          target: 'gcp',
          from: { aws: 34, azure: 33, gcp: 33 },
          to: { aws: 0, azure: 0, gcp: 100, old: 0 },
          reason: 'drill',
        }),
      ]),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    expect(await screen.findByTestId('incident-banner')).toHaveTextContent(
      `Google Cloud unhealthy since ${clock(since)}`,
    );
    const row = (await screen.findByText('drill')).closest('tr')!;
    expect(within(row).getByText('to Google Cloud')).toBeInTheDocument();
    // A cloud the service no longer lists keeps its id.
    expect(
      within(row).getByText(
        'AWS 34% · Azure 33% · Google Cloud 33% → AWS 0% · Azure 0% · Google Cloud 100% · old 0%',
      ),
    ).toBeInTheDocument();
  });

  it('lists the three clouds on the overview card', async () => {
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () => threeClouds([34, 33, 33])),
      }),
    });
    const table = await screen.findByRole('table', { name: 'clouds' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Figure', 'AWS', 'Azure', 'Google Cloud']);
    // A figure for each of the three in every row.
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('rowheader').textContent)).toEqual(
      ['Health', 'Weight', 'Requests', 'Lag in'],
    );
    for (const row of rows)
      expect(within(row).getAllByRole('cell')).toHaveLength(3);
  });

  it('draws a line per cloud on every chart, in the cloud’s colour, with its label in the legend', async () => {
    await renderWithEntity(<ObservabilityContent />, {
      api: mockMulticloudApi({ getMetrics: jest.fn(async () => metrics()) }),
    });
    const requests = await screen.findByTestId('chart-requests');
    await waitFor(() =>
      expect(requests.querySelectorAll('.recharts-line')).toHaveLength(3),
    );
    const strokes = [
      ...requests.querySelectorAll('.recharts-line path.recharts-curve'),
    ].map(p => p.getAttribute('stroke'));
    expect(strokes).toEqual(['#ff9900', '#0078d4', '#34a853']);
    expect(
      [...requests.querySelectorAll('.recharts-legend-item-text')].map(
        e => e.textContent,
      ),
    ).toEqual(['AWS', 'Azure', 'Google Cloud']);
    // p50 and p99 of each of the three.
    expect(
      screen.getByTestId('chart-latency').querySelectorAll('.recharts-line'),
    ).toHaveLength(6);
  });
});
