import {
  CLOUDS,
  type CloudId,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { StatusSource } from '../StatusSource';

interface SandboxRegionStatus {
  health: 'healthy' | 'unhealthy';
  healthSince: string;
  lastCheck: CloudStatus['lastCheck'];
  weight: number;
  requestsPerSecond: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  errorRate: number;
  replicationLag: {
    currentMs: number | null;
    p50Ms: number | null;
    p99Ms: number | null;
  };
  queueDepth: number;
  deadLetterDepth: number;
  lastError: string | null;
}

/** The sandbox's control API (packages/sandbox/CONTROL-API.md), read over HTTP like a cloud API. */
export class SandboxStatusSource implements StatusSource {
  readonly provider = 'sandbox';

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async getStatus(serviceId: string): Promise<CloudResult<CloudStatus>[]> {
    let body: { regions?: Partial<Record<CloudId, SandboxRegionStatus>> };
    try {
      const response = await this.fetchImpl(
        `${this.baseUrl}/api/services/${encodeURIComponent(serviceId)}/status`,
        {
          signal: AbortSignal.timeout(5000),
        },
      );
      if (!response.ok) {
        const reason = await response
          .json()
          .then(j => j?.error?.message)
          .catch(() => undefined);
        throw new Error(
          `the sandbox answered ${response.status}${
            reason ? `: ${reason}` : ''
          }`,
        );
      }
      body = await response.json();
    } catch (error) {
      const message = `could not read the sandbox at ${this.baseUrl}: ${
        (error as Error).message
      }`;
      return CLOUDS.map(cloud => ({
        cloud,
        ok: false as const,
        error: { message, name: (error as Error).name },
      }));
    }
    return CLOUDS.map(cloud => {
      const r = body.regions?.[cloud];
      if (!r)
        return {
          cloud,
          ok: false as const,
          error: {
            message: `the sandbox has no ${cloud} region for ${serviceId}`,
          },
        };
      return {
        cloud,
        ok: true as const,
        data: {
          cloud,
          region: 'local',
          health: r.health,
          healthSince: r.healthSince,
          lastCheck: r.lastCheck,
          weight: r.weight,
          requestsPerSecond: r.requestsPerSecond,
          latencyP50Ms: r.latencyP50Ms,
          latencyP99Ms: r.latencyP99Ms,
          errorRate: r.errorRate,
          replicationLag: {
            currentMs: r.replicationLag.currentMs,
            p50Ms: r.replicationLag.p50Ms,
            p99Ms: r.replicationLag.p99Ms,
          },
          queueDepth: r.queueDepth,
          deadLetterDepth: r.deadLetterDepth,
          lastError: r.lastError,
        },
      };
    });
  }
}
