import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  BUILT_IN_CLOUDS,
  type CloudId,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import type {
  MulticloudProvider,
  ServiceLocation,
  Weights,
} from '../providers/types';

/** A provider whose routing and health a test controls, to drive the protocol's branches. */
const ids = BUILT_IN_CLOUDS.map(c => c.id);

export function fakeProvider() {
  const state = {
    weights: { aws: 50, azure: 50 } as Weights,
    health: { aws: 'healthy', azure: 'healthy' } as Record<
      CloudId,
      HealthState
    >,
    /** Calls of isInEffect before the weights count as in effect. */
    propagationPolls: 0,
    failSetWeights: null as string | null,
    setCalls: [] as Weights[],
    /** The change each isInEffect call was asked about. */
    changesAsked: [] as (string | null | undefined)[],
  };
  let polls = 0;
  const provider: MulticloudProvider = {
    name: 'fake',
    clouds: BUILT_IN_CLOUDS,
    freshness: {
      requestsMs: 3_000,
      replicationMs: 3_000,
      deadLettersMs: 3_000,
      antiEntropyMs: 3_000,
    },
    health: {
      getHealth: async () =>
        ids.map(cloud => ({
          cloud,
          ok: true as const,
          data: {
            region: 'test',
            health: state.health[cloud],
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
      getWeights: async () => ({ ...state.weights }),
      setWeights: async (_s, w) => {
        if (state.failSetWeights) throw new Error(state.failSetWeights);
        state.setCalls.push(w);
        polls = 0;
        state.weights = { ...w };
        return `change-${state.setCalls.length}`;
      },
      isInEffect: async (_s, w, change) => {
        state.changesAsked.push(change);
        return (
          ++polls > state.propagationPolls &&
          ids.every(c => state.weights[c] === w[c])
        );
      },
    },
    replication: {
      getReplication: async () => [],
      getRecovery: async () => [],
      listDeadLetters: async () => [],
      replayDeadLetters: async (_s, cloud) => ({
        cloud,
        replayed: 0,
        remaining: 0,
      }),
    },
  };
  return { provider, state };
}

export const ordersLocation: ServiceLocation = {
  entityRef: 'component:default/orders',
  serviceId: 'orders',
  provider: 'fake',
  locations: {
    aws: { account: null, region: null },
    azure: { account: null, region: null },
  },
  routing: 'route53',
  route53: null,
  azureRoutingResourceGroup: null,
};

/** An auditor that keeps its events, so tests can assert what was audited. */
export function recordingAuditor() {
  const events: {
    eventId: string;
    meta?: unknown;
    result?: 'success' | 'fail';
    error?: string;
  }[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        meta: options.meta,
      };
      events.push(event);
      return {
        async success() {
          event.result = 'success';
        },
        async fail({ error }) {
          event.result = 'fail';
          event.error = error.message;
        },
      };
    },
  };
  return { auditor, events };
}
