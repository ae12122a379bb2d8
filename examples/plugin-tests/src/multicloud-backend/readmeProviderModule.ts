import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  locationOf,
  multicloudProvidersExtensionPoint,
  type MulticloudProvider,
  type Weights,
} from '@multicloud/backstage-plugin-multicloud-node';

const clouds = [
  ...BUILT_IN_CLOUDS,
  { id: 'gcp', label: 'Google Cloud', color: '#34a853' },
];
const ids: CloudId[] = clouds.map(c => c.id);
// Replace with calls to your clouds and your global routing.
let weights: Weights = { aws: 50, azure: 50, gcp: 0 };

const provider: MulticloudProvider = {
  name: 'three-clouds',
  clouds,
  freshness: {
    requestsMs: 180_000,
    replicationMs: 180_000,
    deadLettersMs: 420_000,
    antiEntropyMs: 1_320_000,
  },
  health: {
    getHealth: async service =>
      ids.map(cloud => ({
        cloud,
        ok: true as const,
        data: {
          region: locationOf(service, cloud).region ?? 'unknown',
          health: 'healthy' as const,
          healthSince: null,
          lastCheck: null,
          lastError: null,
        },
      })),
  },
  metrics: {
    getCurrent: async () => [],
    getSeries: async () => ({ stepSeconds: 60, clouds: [] }),
  },
  traffic: {
    getWeights: async () => ({ ...weights }),
    setWeights: async (_service, next) => {
      weights = { ...next };
      return null;
    },
    isInEffect: async (_service, next) =>
      ids.every(cloud => weights[cloud] === next[cloud]),
  },
  replication: {
    getReplication: async () => [],
    getRecovery: async () => [],
    listDeadLetters: async () => [],
    replayDeadLetters: async (_service, cloud) => ({
      cloud,
      replayed: 0,
      remaining: 0,
    }),
  },
};

export const threeCloudsProviderModule = createBackendModule({
  pluginId: 'multicloud',
  moduleId: 'three-clouds-provider',
  register(env) {
    env.registerInit({
      deps: { providers: multicloudProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider(provider);
      },
    });
  },
});
