import {
  BUILT_IN_CLOUDS,
  type CloudId,
  type CloudMetrics,
  type MetricRange,
  type ReplayResult,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  cloudIdsOf,
  keyOfBody,
  locationOf,
  toCloudError,
  type CurrentMetrics,
  type HealthReading,
  type MulticloudProvider,
  type PerCloud,
  type RecoveryReading,
  type ReplicationReading,
  type ServiceLocation,
  type Weights,
} from '../types';

/** One region in the sandbox's `GET /api/services/:id/status` (packages/sandbox/CONTROL-API.md). */
interface SandboxRegionStatus {
  health: 'healthy' | 'unhealthy';
  healthSince: string;
  lastCheck: HealthReading['lastCheck'];
  weight: number;
  trafficShare: number | null;
  requestsPerSecond: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  errorRate: number;
  failedAtRouterPerSecond: number;
  requestsAsOf: string;
  replicationAsOf: string;
  replicationLag: {
    currentMs: number | null;
    appliedMs: number | null;
    oldestWaitingMs: number | null;
    p50Ms: number | null;
    p99Ms: number | null;
  };
  queueDepth: number;
  deadLetterDepth: number;
  deadLetters: {
    awaitingPerson: number | null;
    redrivenLastHour: number;
    lastRunAt: string | null;
  };
  antiEntropy: {
    compared: number;
    diverged: number;
    repaired: number;
    at: string;
  } | null;
  lastError: string | null;
}

/** A chaos switch in the sandbox's `GET /api/services/:id/metrics` (CONTROL-API.md). */
interface SandboxEvent {
  at: string;
  kind: 'chaos';
  region: CloudId;
  mode: string;
}

interface SandboxStatus {
  regions?: Partial<Record<CloudId, SandboxRegionStatus>>;
}

export class SandboxRequestError extends Error {
  name = 'SandboxRequestError';
}

/**
 * The local sandbox as a provider: every port is a call to its control API over HTTP, exactly as
 * the cloud providers call CloudWatch, Route53 and Azure. The status document carries health,
 * figures and replication at once, so concurrent reads of one service share one request.
 */
export class SandboxProvider implements MulticloudProvider {
  readonly name = 'sandbox';
  readonly clouds = BUILT_IN_CLOUDS;
  /**
   * The sandbox reads its figures live: a region's request figures stop at its last passing
   * health check (one a second, 0.8 s timeout), so anything older than 3 s is a region that
   * does not answer.
   */
  readonly freshness = {
    requestsMs: 3_000,
    replicationMs: 3_000,
    // The redriver runs every minute in the sandbox (triggers/deployments.ts), the reconciler
    // every 5 minutes: one missed run, plus a little, is late.
    deadLettersMs: 2 * 60_000 + 5_000,
    antiEntropyMs: 2 * 5 * 60_000 + 5_000,
  };
  /**
   * Read every second: the router checks health every second, and a change must reach the page
   * within 3 s (status refresh ≤ 1 s + the page's 1 s poll + the calls). The cost is one local
   * `GET /status` a second per watched service, whatever the number of viewers.
   */
  readonly refreshMs = 1_000;
  private readonly inFlight = new Map<string, Promise<SandboxStatus>>();
  private readonly ids = cloudIdsOf(this.clouds);

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  readonly health = {
    getHealth: (service: ServiceLocation): Promise<PerCloud<HealthReading>> =>
      this.perRegion(service, (r, cloud) => ({
        // The region the service names for the cloud (what it will run in), else the sandbox's.
        region: locationOf(service, cloud).region ?? 'local',
        health: r.health,
        healthSince: r.healthSince,
        lastCheck: r.lastCheck,
        lastError: r.lastError,
      })),
  };

  readonly metrics = {
    getCurrent: (service: ServiceLocation): Promise<PerCloud<CurrentMetrics>> =>
      this.perRegion(service, r => ({
        requestsPerSecond: r.requestsPerSecond,
        latencyP50Ms: r.latencyP50Ms,
        latencyP99Ms: r.latencyP99Ms,
        errorRate: r.errorRate,
        failedAtRouterPerSecond: r.failedAtRouterPerSecond,
        trafficShare: r.trafficShare,
        asOf: r.requestsAsOf,
      })),
    getSeries: async (service: ServiceLocation, range: MetricRange) => {
      try {
        const body = await this.call<{
          stepSeconds: number;
          regions: Partial<Record<CloudId, CloudMetrics>>;
          events?: SandboxEvent[];
        }>('GET', `${this.servicePath(service)}/metrics?range=${range}`);
        return {
          stepSeconds: body.stepSeconds,
          events: (body.events ?? []).map(e => ({
            at: e.at,
            kind: e.kind,
            cloud: e.region,
            mode: e.mode,
          })),
          clouds: this.ids.map(cloud => {
            const region = body.regions[cloud];
            return region
              ? { cloud, ok: true as const, data: { series: region.series } }
              : toCloudError(cloud, this.noRegion(service, cloud));
          }),
        };
      } catch (error) {
        return {
          stepSeconds: 60,
          clouds: this.ids.map(cloud => toCloudError(cloud, error)),
        };
      }
    },
  };

  readonly traffic = {
    getWeights: (service: ServiceLocation): Promise<Weights> =>
      this.call<Weights>('GET', `${this.servicePath(service)}/weights`),
    setWeights: async (service: ServiceLocation, weights: Weights) => {
      await this.call('PUT', `${this.servicePath(service)}/weights`, weights);
      // The router serves the new weights at once: nothing to wait for.
      return null;
    },
    isInEffect: async (service: ServiceLocation, weights: Weights) => {
      const now = await this.traffic.getWeights(service);
      return this.ids.every(cloud => now[cloud] === weights[cloud]);
    },
  };

  readonly replication = {
    getReplication: (
      service: ServiceLocation,
    ): Promise<PerCloud<ReplicationReading>> =>
      this.perRegion(service, r => ({
        replicationLag: {
          currentMs: r.replicationLag.currentMs,
          appliedMs: r.replicationLag.appliedMs,
          oldestWaitingMs: r.replicationLag.oldestWaitingMs,
          p50Ms: r.replicationLag.p50Ms,
          p99Ms: r.replicationLag.p99Ms,
        },
        queueDepth: r.queueDepth,
        deadLetterDepth: r.deadLetterDepth,
        asOf: r.replicationAsOf,
      })),
    getRecovery: (
      service: ServiceLocation,
    ): Promise<PerCloud<RecoveryReading>> =>
      this.perRegion(service, r => ({
        deadLetters: {
          awaitingPerson: r.deadLetters.awaitingPerson,
          redrivenLastHour: r.deadLetters.redrivenLastHour,
          asOf: r.deadLetters.lastRunAt,
        },
        antiEntropy: r.antiEntropy,
      })),
    listDeadLetters: async (
      service: ServiceLocation,
      cloud: CloudId,
      max: number,
    ) => {
      const body = await this.call<{
        messages: { id: string; body: string; reason: string | null }[];
      }>('GET', `${this.servicePath(service)}/regions/${cloud}/dlq`);
      return body.messages.slice(0, max).map(m => ({
        id: m.id,
        key: keyOfBody(m.body),
        reason: m.reason,
      }));
    },
    replayDeadLetters: async (
      service: ServiceLocation,
      cloud: CloudId,
    ): Promise<ReplayResult> => {
      const body = await this.call<{ replayed: number; remaining: number }>(
        'POST',
        `${this.servicePath(service)}/regions/${cloud}/dlq/replay`,
      );
      return { cloud, replayed: body.replayed, remaining: body.remaining };
    },
  };

  private servicePath(service: ServiceLocation) {
    return `/api/services/${encodeURIComponent(service.serviceId)}`;
  }

  private noRegion(service: ServiceLocation, cloud: CloudId) {
    return new SandboxRequestError(
      `the sandbox has no ${cloud} region for ${service.serviceId}`,
    );
  }

  private async perRegion<T>(
    service: ServiceLocation,
    pick: (r: SandboxRegionStatus, cloud: CloudId) => T,
  ): Promise<PerCloud<T>> {
    let status: SandboxStatus;
    try {
      status = await this.status(service);
    } catch (error) {
      return this.ids.map(cloud => toCloudError(cloud, error));
    }
    return this.ids.map(cloud => {
      const region = status.regions?.[cloud];
      return region
        ? { cloud, ok: true as const, data: pick(region, cloud) }
        : toCloudError(cloud, this.noRegion(service, cloud));
    });
  }

  private status(service: ServiceLocation): Promise<SandboxStatus> {
    const key = service.serviceId;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.call<SandboxStatus>(
        'GET',
        `${this.servicePath(service)}/status`,
      ).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async call<T>(method: string, path: string, body?: unknown) {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(5000),
      });
    } catch (error) {
      throw new SandboxRequestError(
        `could not reach the sandbox at ${this.baseUrl}: ${
          (error as Error).message
        }`,
      );
    }
    if (!response.ok) {
      const reason = await response
        .json()
        .then(j => j?.error?.message as string | undefined)
        .catch(() => undefined);
      throw new SandboxRequestError(
        `the sandbox answered ${response.status} to ${method} ${path}${
          reason ? `: ${reason}` : ''
        }`,
      );
    }
    return (await response.json()) as T;
  }
}
