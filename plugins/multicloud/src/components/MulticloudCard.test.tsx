import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  MulticloudApi,
  ServiceStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import { screen } from '@testing-library/react';
import { multicloudApiRef } from '../api';
import { MulticloudCard } from './MulticloudCard';

const entity = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
  spec: {},
});

const cloud = (
  name: 'aws' | 'azure',
  health: 'healthy' | 'unhealthy',
  weight: number,
) => ({
  cloud: name,
  ok: true as const,
  data: {
    cloud: name,
    region: 'local',
    health,
    healthSince: '2026-11-24T10:00:00Z',
    lastCheck: null,
    weight,
    requestsPerSecond: 12.5,
    latencyP50Ms: 4,
    latencyP99Ms: 9,
    errorRate: 0,
    replicationLag: { currentMs: 42, p50Ms: 40, p99Ms: 80 },
    queueDepth: 0,
    deadLetterDepth: 0,
    lastError: null,
  },
});

function renderCard(
  status: Partial<ServiceStatus> | Error,
  annotations = { 'multicloud.io/service-id': 'orders' },
) {
  const api: Partial<MulticloudApi> = {
    getStatus: async () => {
      if (status instanceof Error) throw status;
      return {
        entityRef: 'component:default/orders',
        serviceId: 'orders',
        provider: 'sandbox',
        fetchedAt: new Date().toISOString(),
        clouds: [],
        ...status,
      };
    },
  };
  return renderInTestApp(
    <TestApiProvider apis={[[multicloudApiRef, api]]}>
      <EntityProvider entity={entity(annotations)}>
        <MulticloudCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('MulticloudCard', () => {
  it('tells the user which annotation to add when the entity has none', async () => {
    await renderCard({}, {} as never);
    expect(screen.getByText(/multicloud\.io\/service-id/)).toBeInTheDocument();
  });

  it('shows each cloud’s health, weight, traffic and lag', async () => {
    await renderCard({
      clouds: [cloud('aws', 'healthy', 50), cloud('azure', 'unhealthy', 50)],
    });
    expect(await screen.findByText('AWS')).toBeInTheDocument();
    expect(screen.getByText('Azure')).toBeInTheDocument();
    expect(screen.getByText('healthy')).toBeInTheDocument();
    expect(screen.getByText('unhealthy')).toBeInTheDocument();
    expect(screen.getAllByText('50%')).toHaveLength(2);
    expect(screen.getAllByText('42 ms')).toHaveLength(2);
  });

  it('keeps one cloud’s error in its row while the other renders', async () => {
    await renderCard({
      clouds: [
        cloud('aws', 'healthy', 100),
        {
          cloud: 'azure',
          ok: false,
          error: { message: 'Azure Monitor said 403' },
        },
      ],
    });
    expect(
      await screen.findByText('Azure Monitor said 403'),
    ).toBeInTheDocument();
    expect(screen.getByText('100%')).toBeInTheDocument();
    expect(screen.getByText('unreadable')).toBeInTheDocument();
  });

  it('shows why the status could not be read at all', async () => {
    await renderCard(new Error('the backend is down'));
    expect(
      await screen.findByText('Error: the backend is down'),
    ).toBeInTheDocument();
  });
});
