import { screen } from '@testing-library/react';
import { axe } from 'jest-axe';
import {
  cloudStatus,
  lag,
  mockMulticloudApi,
  ordersEntity,
  renderWithEntity,
  status,
} from './__testUtils__/fixtures';
import { MulticloudCard } from './MulticloudCard';
import { clock } from './common/format';

describe('MulticloudCard', () => {
  it('tells the user which annotation to add when the entity has none', async () => {
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi(),
      entity: ordersEntity({}),
    });
    expect(screen.getByText(/multicloud\.io\/service-id/)).toBeInTheDocument();
  });

  it('shows each cloud’s health and since when, weight, traffic and lag, and links to the tab', async () => {
    const { container } = await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws'),
            cloudStatus('azure', { health: 'unhealthy', weight: 50 }),
          ]),
        ),
      }),
    });
    expect(await screen.findByText('AWS')).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('Unhealthy')).toBeInTheDocument();
    expect(screen.getAllByText(/^since /)).toHaveLength(2);
    expect(screen.getAllByText('50%')).toHaveLength(2);
    expect(screen.getAllByText('12.5/s')).toHaveLength(2);
    expect(screen.getAllByText('42 ms')).toHaveLength(2);
    expect(
      screen.getByRole('link', { name: 'details and failover' }),
    ).toHaveAttribute('href', expect.stringMatching(/multicloud$/));
    expect(await axe(container)).toHaveNoViolations();
  });

  it('shows a stale figure as stale, with the time of its last data on a caption line of its own', async () => {
    // Two-digit hours are the widest clock: the card's column holds "10:11:24 AM" whole only on a
    // caption line (a browser test checks the layout).
    const lastData = '2026-12-01T10:11:24Z';
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws', {
              health: 'unhealthy',
              freshness: {
                requests: { asOf: lastData, stale: true },
                replication: { asOf: null, stale: true },
                deadLetters: { asOf: lastData, stale: false },
                antiEntropy: { asOf: lastData, stale: false },
              },
            }),
            cloudStatus('azure'),
          ]),
        ),
      }),
    });
    expect(await screen.findAllByText('stale,')).toHaveLength(2);
    expect(
      screen.getByText(`last data ${clock(lastData)}`),
    ).toBeInTheDocument();
    expect(screen.getByText('no data')).toBeInTheDocument();
    // The last good figures are Azure's alone.
    expect(screen.getAllByText('12.5/s')).toHaveLength(1);
    expect(screen.getAllByText('42 ms')).toHaveLength(1);
  });

  it('colours the lag by the configured thresholds', async () => {
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws', {
              replicationLag: lag(300),
            }),
            cloudStatus('azure', {
              replicationLag: lag(2500),
            }),
          ]),
        ),
      }),
      config: {
        multicloud: { lagThresholds: { warningMs: 200, criticalMs: 2000 } },
      },
    });
    expect(await screen.findByText('300 ms (warning)')).toBeInTheDocument();
    expect(screen.getByText('2500 ms (critical)')).toBeInTheDocument();
  });

  it('keeps one cloud’s error in its column while the other renders', async () => {
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws', { weight: 100 }),
            {
              cloud: 'azure',
              ok: false,
              error: { message: 'Azure Monitor said 403' },
            },
          ]),
        ),
      }),
    });
    const error = await screen.findByText('Azure Monitor said 403');
    // The error fills Azure's column, beside every one of AWS's figures.
    expect(error.closest('td')).toHaveAttribute('rowspan', '4');
    expect(screen.getByText('100%')).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
  });

  it('shows why the status could not be read at all', async () => {
    await renderWithEntity(<MulticloudCard />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () => {
          throw new Error('the backend is down');
        }),
      }),
    });
    expect(
      await screen.findByText('Error: the backend is down'),
    ).toBeInTheDocument();
  });
});
