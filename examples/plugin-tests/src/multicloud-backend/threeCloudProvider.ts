import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { multicloudPlugin } from '@multicloud/backstage-plugin-multicloud-backend/src/plugin';
import {
  BUILT_IN_CLOUDS,
  METRIC_NAMES,
  type CloudId,
  type CloudInfo,
  type DeadLetterEntry,
  type HealthState,
  type MetricName,
  type MetricPoint,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  locationOf,
  multicloudProvidersExtensionPoint,
  windowFor,
  type MulticloudProvider,
  type ServiceLocation,
  type Weights,
} from '@multicloud/backstage-plugin-multicloud-node';

/** The fake third cloud. */
export const GCP: CloudInfo = {
  id: 'gcp',
  label: 'Google Cloud',
  color: '#34a853',
};

/** AWS, Azure and the fake third cloud, in display order. */
export const THREE_CLOUDS: readonly CloudInfo[] = [...BUILT_IN_CLOUDS, GCP];

/** The provider's name: what the `multicloud.io/provider` annotation of its services says. */
export const THREE_CLOUD_PROVIDER = 'three-clouds';

/** What the in-memory clouds hold; a test changes it and reads it back. */
export interface ThreeCloudState {
  /** The fake global routing's weights. */
  weights: Weights;
  health: Record<CloudId, HealthState>;
  /** Every weight change the routing was asked for, in order. */
  setCalls: Weights[];
  /** Each cloud's inbound queue and its dead letters. */
  queueDepth: Record<CloudId, number>;
  deadLetters: Record<CloudId, DeadLetterEntry[]>;
}

const ids = THREE_CLOUDS.map(c => c.id);
const perCloud = <T>(value: (cloud: CloudId) => T) =>
  Object.fromEntries(ids.map(cloud => [cloud, value(cloud)])) as Record<
    CloudId,
    T
  >;

/**
 * A provider of three clouds held in memory (health, request figures, routing weights, queues),
 * registered only through `multicloudProvidersExtensionPoint`: it proves that a third cloud
 * needs no change to the backend plugin.
 */
export function threeCloudProvider(
  state: ThreeCloudState = {
    weights: { aws: 50, azure: 50, gcp: 0 },
    health: perCloud(() => 'healthy'),
    setCalls: [],
    queueDepth: perCloud(() => 0),
    deadLetters: perCloud(cloud =>
      cloud === 'gcp'
        ? [{ id: 'gcp-1', key: 'orders/1', reason: 'poison' }]
        : [],
    ),
  },
): { provider: MulticloudProvider; state: ThreeCloudState } {
  const now = () => new Date().toISOString();
  const region = (service: ServiceLocation, cloud: CloudId) =>
    locationOf(service, cloud).region ?? 'in-memory';
  const each = async <T>(read: (cloud: CloudId) => T) =>
    ids.map(cloud => ({ cloud, ok: true as const, data: read(cloud) }));
  const provider: MulticloudProvider = {
    name: THREE_CLOUD_PROVIDER,
    clouds: THREE_CLOUDS,
    freshness: {
      requestsMs: 60_000,
      replicationMs: 60_000,
      deadLettersMs: 60_000,
      antiEntropyMs: 60_000,
    },
    health: {
      getHealth: service =>
        each(cloud => ({
          region: region(service, cloud),
          health: state.health[cloud],
          healthSince: null,
          lastCheck: null,
          lastError: null,
        })),
    },
    metrics: {
      getCurrent: () =>
        each(cloud => ({
          requestsPerSecond: state.weights[cloud],
          latencyP50Ms: 20,
          latencyP99Ms: 80,
          errorRate: 0,
          failedAtRouterPerSecond: 0,
          asOf: now(),
        })),
      getSeries: async (_service, range) => {
        const { stepSeconds } = windowFor(range);
        const point: MetricPoint[] = [{ t: now(), v: 1 }];
        const series = Object.fromEntries(
          METRIC_NAMES.map(name => [name, point]),
        ) as Record<MetricName, MetricPoint[]>;
        return { stepSeconds, clouds: await each(() => ({ series })) };
      },
    },
    traffic: {
      getWeights: async () => ({ ...state.weights }),
      setWeights: async (_service, weights) => {
        state.setCalls.push({ ...weights });
        state.weights = { ...weights };
        return null;
      },
      isInEffect: async (_service, weights) =>
        ids.every(cloud => state.weights[cloud] === weights[cloud]),
    },
    replication: {
      getReplication: () =>
        each(cloud => ({
          replicationLag: {
            currentMs: 100,
            appliedMs: 100,
            oldestWaitingMs: 0,
            p50Ms: 90,
            p99Ms: 150,
          },
          queueDepth: state.queueDepth[cloud],
          deadLetterDepth: state.deadLetters[cloud].length,
          asOf: now(),
        })),
      getRecovery: () =>
        each(() => ({
          deadLetters: { awaitingPerson: 0, redrivenLastHour: 0, asOf: now() },
          antiEntropy: null,
        })),
      listDeadLetters: async (_service, cloud, max) =>
        state.deadLetters[cloud].slice(0, max),
      replayDeadLetters: async (_service, cloud) => {
        const replayed = state.deadLetters[cloud].length;
        state.queueDepth[cloud] += replayed;
        state.deadLetters[cloud] = [];
        return { cloud, replayed, remaining: 0 };
      },
    },
  };
  return { provider, state };
}

/** A backend module that adds `provider` to the multi-cloud backend through its extension point. */
export function threeCloudProviderModule(
  provider: MulticloudProvider,
  moduleId = 'three-cloud-provider',
) {
  return createBackendModule({
    pluginId: 'multicloud',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { providers: multicloudProvidersExtensionPoint },
        async init({ providers }) {
          providers.addProvider(provider);
        },
      });
    },
  });
}

/** The service the three-cloud backend's catalog holds. */
export const THREE_CLOUD_SERVICE = 'component:default/orders';

/** The catalog entity of that service, whose provider is the three-cloud one. */
export const THREE_CLOUD_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      'multicloud.io/service-id': 'orders',
      'multicloud.io/provider': THREE_CLOUD_PROVIDER,
      'multicloud.io/aws-region': 'eu-west-1',
      'multicloud.io/azure-region': 'westeurope',
      'multicloud.io/gcp-region': 'europe-west1',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/**
 * The backend plugin as shipped, plus only modules that each add a provider through the
 * extension point, with a catalog of one service of the three-cloud provider.
 */
export function startThreeCloudBackend(...providers: MulticloudProvider[]) {
  return startTestBackend({
    features: [
      multicloudPlugin,
      ...providers.map((provider, i) =>
        threeCloudProviderModule(provider, `provider-${i}`),
      ),
      catalogServiceMock.factory({ entities: [THREE_CLOUD_ENTITY] }),
      mockServices.rootConfig.factory({
        data: { multicloud: { failover: { verifyTimeoutSeconds: 5 } } },
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistryServiceMock(),
      }),
    ],
  });
}
