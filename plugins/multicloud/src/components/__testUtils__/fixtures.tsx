import { configApiRef } from '@backstage/core-plugin-api';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import {
  EntityProvider,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
  type CloudInfo,
  type CloudResult,
  type CloudStatus,
  type FailoverPlan,
  type FailoverRecord,
  type MulticloudApi,
  type ReplicationLag,
  type ServiceStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { JsonObject } from '@backstage/types';
import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { multicloudApiRef } from '../../api';

export const ordersEntity = (
  annotations: Record<string, string> = {
    'multicloud.io/service-id': 'orders',
  },
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
});

/** A replication lag of `currentMs`, all of it from applied events (the queue is empty). */
export function lag(
  currentMs: number | null,
  overrides: Partial<ReplicationLag> = {},
): ReplicationLag {
  return {
    currentMs,
    appliedMs: currentMs,
    oldestWaitingMs: 0,
    p50Ms: currentMs,
    p99Ms: currentMs,
    ...overrides,
  };
}

/** A third cloud, as a provider module would declare it. */
export const GCP: CloudInfo = {
  id: 'gcp',
  label: 'Google Cloud',
  color: '#34a853',
};

const REGIONS: Record<CloudId, string> = {
  aws: 'eu-west-1',
  azure: 'westeurope',
  gcp: 'europe-west1',
};

export function cloudStatus(
  cloud: CloudId,
  overrides: Partial<CloudStatus> = {},
): CloudResult<CloudStatus> {
  return {
    cloud,
    ok: true,
    data: {
      cloud,
      region: REGIONS[cloud] ?? 'local',
      health: 'healthy',
      healthSince: '2026-11-24T10:00:00Z',
      lastCheck: { at: '2026-11-24T10:05:00Z', ok: true, latencyMs: 3 },
      weight: 50,
      trafficShare: 0.5,
      requestsPerSecond: 12.5,
      latencyP50Ms: 4,
      latencyP99Ms: 9,
      errorRate: 0.002,
      failedAtRouterPerSecond: 0,
      freshness: {
        requests: { asOf: '2026-11-24T10:05:00Z', stale: false },
        replication: { asOf: '2026-11-24T10:05:00Z', stale: false },
        deadLetters: { asOf: '2026-11-24T10:05:00Z', stale: false },
        antiEntropy: { asOf: '2026-11-24T10:00:00Z', stale: false },
      },
      replicationLag: lag(42, { p50Ms: 40, p99Ms: 80 }),
      queueDepth: 1,
      deadLetterDepth: 0,
      deadLetters: { awaitingPerson: 0, redrivenLastHour: 0 },
      antiEntropy: {
        compared: 1000,
        diverged: 0,
        repaired: 0,
        at: '2026-11-24T10:00:00Z',
      },
      lastError: null,
      ...overrides,
    },
  };
}

export function status(
  clouds: CloudResult<CloudStatus>[] = [
    cloudStatus('aws'),
    cloudStatus('azure'),
  ],
  cloudInfo: readonly CloudInfo[] = BUILT_IN_CLOUDS,
): ServiceStatus {
  return {
    entityRef: 'component:default/orders',
    serviceId: 'orders',
    provider: 'sandbox',
    fetchedAt: '2026-11-24T10:05:00Z',
    cloudInfo: [...cloudInfo],
    clouds,
  };
}

export function plan(overrides: Partial<FailoverPlan> = {}): FailoverPlan {
  return {
    entityRef: 'component:default/orders',
    target: 'azure',
    current: { aws: 50, azure: 50 },
    desired: { aws: 0, azure: 100 },
    targetHealth: { aws: 'healthy', azure: 'healthy' },
    checks: [
      {
        rule: 'weights-valid',
        ok: true,
        message: 'AWS 0% / Azure 100% adds up to 100',
        overridable: false,
      },
      {
        rule: 'target-healthy',
        ok: true,
        message: 'Azure is healthy',
        overridable: true,
      },
    ],
    allowed: true,
    gitops: {
      path: 'infra/global/weights.auto.tfvars.json',
      content: '{\n  "weights": { "aws": 0, "azure": 100 }\n}\n',
      commitMessage: 'Traffic of orders: AWS 0% / Azure 100%',
    },
    ...overrides,
  };
}

export function failoverRecord(
  overrides: Partial<FailoverRecord> = {},
): FailoverRecord {
  const step = (
    name: FailoverRecord['steps'][number]['name'],
    state: FailoverRecord['steps'][number]['state'],
    message: string | null = null,
  ) => ({
    name,
    state,
    startedAt: '2026-11-24T10:06:00Z',
    finishedAt: state === 'done' ? '2026-11-24T10:06:01Z' : null,
    message,
  });
  return {
    id: 'f-1',
    entityRef: 'component:default/orders',
    actor: 'user:default/olivia',
    reason: 'AWS degraded',
    target: 'azure',
    forced: false,
    from: { aws: 50, azure: 50 },
    to: { aws: 0, azure: 100 },
    outcome: 'running',
    steps: [
      step('plan', 'done'),
      step('safety', 'done', 'every rule passes'),
      step('execute', 'running'),
      step('verify', 'pending'),
      step('commit', 'pending'),
      step('record', 'pending'),
    ],
    error: null,
    commit: null,
    routingChange: null,
    gitops: plan().gitops,
    startedAt: '2026-11-24T10:06:00Z',
    finishedAt: null,
    ...overrides,
  };
}

/** The people of the example catalog, whose display names the history shows. */
const people = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'olivia', namespace: 'default' },
    spec: { profile: { displayName: 'Olivia Owner' }, memberOf: [] },
  },
];

/** A MulticloudApi whose methods are jest mocks with sensible answers. */
export function mockMulticloudApi(
  overrides: Partial<Record<keyof MulticloudApi, jest.Mock>> = {},
): jest.Mocked<MulticloudApi> {
  return {
    getStatus: jest.fn(async () => status()),
    getMetrics: jest.fn(async () => {
      throw new Error('not used');
    }),
    planFailover: jest.fn(async () => plan()),
    executeFailover: jest.fn(async () => failoverRecord()),
    getFailover: jest.fn(async () => failoverRecord()),
    getFailoverHistory: jest.fn(async () => []),
    retryFailoverCommit: jest.fn(async () => failoverRecord()),
    getFailoverAccess: jest.fn(async () => ({
      result: 'CONDITIONAL' as const,
    })),
    listDeadLetters: jest.fn(async (_ref, cloud) => ({
      cloud,
      letters: [],
    })),
    replayDeadLetters: jest.fn(async cloud => ({
      cloud: cloud as never,
      replayed: 0,
      remaining: 0,
    })),
    ...overrides,
  } as jest.Mocked<MulticloudApi>;
}

export function renderWithEntity(
  element: ReactElement,
  options: {
    api: MulticloudApi;
    entity?: ReturnType<typeof ordersEntity>;
    /** Permission names the user lacks. */
    denied?: string[];
    config?: Record<string, unknown>;
    /** The page's URL, e.g. `/?range=24h`. */
    path?: string;
  },
) {
  const denied = options.denied ?? [];
  // usePermission caches decisions in SWR's global cache: a fresh cache per render keeps one
  // test's decisions out of the next.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [multicloudApiRef, options.api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request =>
                denied.includes(request.permission.name)
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          ],
          [
            configApiRef,
            mockApis.config({ data: (options.config ?? {}) as JsonObject }),
          ],
          // The catalog plugin's presentation API over a catalog of the example's people.
          [
            entityPresentationApiRef,
            DefaultEntityPresentationApi.create({
              catalogApi: catalogApiMock({ entities: people }),
            }),
          ],
        ]}
      >
        <EntityProvider entity={options.entity ?? ordersEntity()}>
          {element}
        </EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
    options.path ? { routeEntries: [options.path] } : undefined,
  );
}
