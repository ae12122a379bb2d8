import {
  CLOUDS,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import type {
  MulticloudProvider,
  PerCloud,
  ServiceLocation,
  Weights,
} from '../providers/types';

function find<T>(results: PerCloud<T>, cloud: string) {
  return results.find(r => r.cloud === cloud);
}

/**
 * One service's status: health, request figures, replication and weights read side by side and
 * joined per cloud. A cloud whose health cannot be read is an error entry; a missing figure of a
 * healthy read is null with the reason in `lastError`, so one failing API never blanks the page.
 */
export async function readStatus(
  provider: MulticloudProvider,
  service: ServiceLocation,
): Promise<CloudResult<CloudStatus>[]> {
  const [health, current, replication, weights] = await Promise.all([
    provider.health.getHealth(service),
    provider.metrics.getCurrent(service),
    provider.replication.getReplication(service),
    provider.traffic.getWeights(service).then(
      w => ({ ok: true as const, weights: w }),
      (error: Error) => ({ ok: false as const, error }),
    ),
  ]);
  return CLOUDS.map(cloud => {
    const h = find(health, cloud);
    if (!h || !h.ok)
      return (
        h ?? {
          cloud,
          ok: false as const,
          error: { message: `no health reading for ${cloud}` },
        }
      );
    if (!weights.ok) {
      return {
        cloud,
        ok: false as const,
        error: {
          message: `could not read the traffic weights: ${weights.error.message}`,
          name: weights.error.name,
        },
      };
    }
    const m = find(current, cloud);
    const r = find(replication, cloud);
    const problems = [
      h.data.lastError,
      m && !m.ok ? `metrics: ${m.error.message}` : null,
      r && !r.ok ? `replication: ${r.error.message}` : null,
    ].filter(Boolean);
    const metrics = m?.ok ? m.data : null;
    const repl = r?.ok ? r.data : null;
    return {
      cloud,
      ok: true as const,
      data: {
        cloud,
        region: h.data.region,
        health: h.data.health,
        healthSince: h.data.healthSince,
        lastCheck: h.data.lastCheck,
        weight: (weights.weights as Weights)[cloud],
        requestsPerSecond: metrics?.requestsPerSecond ?? null,
        latencyP50Ms: metrics?.latencyP50Ms ?? null,
        latencyP99Ms: metrics?.latencyP99Ms ?? null,
        errorRate: metrics?.errorRate ?? null,
        replicationLag: repl?.replicationLag ?? {
          currentMs: null,
          p50Ms: null,
          p99Ms: null,
        },
        queueDepth: repl?.queueDepth ?? null,
        deadLetterDepth: repl?.deadLetterDepth ?? null,
        lastError: problems.length ? problems.join('; ') : null,
      },
    };
  });
}
