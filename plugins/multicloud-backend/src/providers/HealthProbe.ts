import type { HealthReading } from './types';

/** One request to a cloud's own health endpoint, as the global routing's probes make it. */
export type HealthProbe = (url: string) => Promise<{
  ok: boolean;
  latencyMs: number | null;
  message: string;
}>;

/**
 * A GET of `url` that passes on a 200 within `timeoutMs` (default 5 s, Traffic Manager's and the
 * global-routing module's probe timeout), as Traffic Manager and Front Door count a probe
 * ("Traffic Manager endpoint monitoring": an endpoint is healthy when its probe answers 200 OK
 * within the timeout, https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring).
 */
export function httpHealthProbe(timeoutMs = 5_000): HealthProbe {
  return async url => {
    const started = performance.now();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      const ok = response.status === 200;
      return {
        ok,
        latencyMs: Math.round(performance.now() - started),
        message: `${url} answered ${response.status}`,
      };
    } catch (error) {
      return {
        ok: false,
        latencyMs: null,
        message: `${url} did not answer: ${(error as Error).message}`,
      };
    }
  };
}

/**
 * The health of a cloud its global routing does not probe (a drained Traffic Manager endpoint or
 * Front Door origin), from probing its own health endpoint directly: without it a drained cloud
 * reads "unknown" and no failback could pass the target-healthy rule.
 */
export async function probeDrained(
  probe: HealthProbe,
  url: string,
  region: string,
  routing: string,
): Promise<HealthReading> {
  const result = await probe(url);
  return {
    region,
    health: result.ok ? 'healthy' : 'unhealthy',
    healthSince: null,
    lastCheck: {
      at: new Date().toISOString(),
      ok: result.ok,
      latencyMs: result.latencyMs,
      message: `drained in ${routing}, which does not probe it; the portal probed it: ${result.message}`,
    },
    lastError: result.ok ? null : result.message,
  };
}
