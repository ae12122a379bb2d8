import type {
  CloudId,
  CloudResult,
  CloudStatus,
  Freshness,
  HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import type {
  CurrentMetrics,
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
  now = Date.now(),
): Promise<CloudResult<CloudStatus>[]> {
  const [health, current, replication, recoveries, weights] = await Promise.all(
    [
      provider.health.getHealth(service),
      provider.metrics.getCurrent(service),
      provider.replication.getReplication(service),
      provider.replication.getRecovery(service),
      provider.traffic.getWeights(service).then(
        w => ({ ok: true as const, weights: w }),
        (error: Error) => ({ ok: false as const, error }),
      ),
    ],
  );
  const clouds = provider.clouds.map(c => c.id);
  const shares = sharesOf(current, clouds);
  return clouds.map(cloud => {
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
    const v = find(recoveries, cloud);
    const problems = [
      h.data.lastError,
      m && !m.ok ? `metrics: ${m.error.message}` : null,
      r && !r.ok ? `replication: ${r.error.message}` : null,
      v && !v.ok ? `dead letters and anti-entropy: ${v.error.message}` : null,
    ].filter(Boolean);
    const metrics = m?.ok ? m.data : null;
    const repl = r?.ok ? r.data : null;
    const recovery = v?.ok ? v.data : null;
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
        trafficShare: metrics?.trafficShare ?? shares[cloud] ?? null,
        requestsPerSecond: metrics?.requestsPerSecond ?? null,
        latencyP50Ms: metrics?.latencyP50Ms ?? null,
        latencyP99Ms: metrics?.latencyP99Ms ?? null,
        errorRate: metrics?.errorRate ?? null,
        failedAtRouterPerSecond: metrics?.failedAtRouterPerSecond ?? null,
        freshness: {
          requests: freshness(
            metrics?.asOf,
            provider.freshness.requestsMs,
            h.data.health,
            now,
          ),
          replication: freshness(
            repl?.asOf,
            provider.freshness.replicationMs,
            h.data.health,
            now,
          ),
          deadLetters: freshness(
            recovery?.deadLetters.asOf,
            provider.freshness.deadLettersMs,
            h.data.health,
            now,
          ),
          antiEntropy: freshness(
            recovery ? recovery.antiEntropy?.at ?? null : undefined,
            provider.freshness.antiEntropyMs,
            h.data.health,
            now,
          ),
        },
        replicationLag: repl?.replicationLag ?? {
          currentMs: null,
          appliedMs: null,
          oldestWaitingMs: null,
          p50Ms: null,
          p99Ms: null,
        },
        queueDepth: repl?.queueDepth ?? null,
        deadLetterDepth: repl?.deadLetterDepth ?? null,
        deadLetters: {
          awaitingPerson: recovery?.deadLetters.awaitingPerson ?? null,
          redrivenLastHour: recovery?.deadLetters.redrivenLastHour ?? null,
        },
        antiEntropy: recovery?.antiEntropy ?? null,
        lastError: problems.length ? problems.join('; ') : null,
      },
    };
  });
}

/**
 * Whether figures as of `asOf` still stand for now. A figure that failed to read (undefined) is
 * stale. No data at all (null: a metric with no datapoints in its window) is an idle cloud while
 * its health checks pass, and a cloud that cannot be read while they fail.
 */
function freshness(
  asOf: string | null | undefined,
  maxAgeMs: number,
  health: HealthState,
  now: number,
): Freshness {
  if (asOf === undefined) return { asOf: null, stale: true };
  if (asOf === null) return { asOf: null, stale: health !== 'healthy' };
  return { asOf, stale: now - Date.parse(asOf) > maxAgeMs };
}

/**
 * The actual share of traffic per cloud from the clouds' own request rates, where the routing
 * does not count it itself: null unless every cloud's rate was read and some requests passed.
 */
function sharesOf(
  current: PerCloud<CurrentMetrics>,
  clouds: CloudId[],
): Partial<Record<string, number>> {
  const rates = clouds.map(cloud => {
    const m = find(current, cloud);
    return m?.ok ? m.data.requestsPerSecond : null;
  });
  if (rates.some(r => r === null)) return {};
  const total = (rates as number[]).reduce((a, b) => a + b, 0);
  if (total <= 0) return {};
  return Object.fromEntries(
    clouds.map((cloud, i) => [cloud, (rates[i] as number) / total]),
  );
}
