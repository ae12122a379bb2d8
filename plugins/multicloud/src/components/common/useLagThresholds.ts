import { configApiRef, useApi } from '@backstage/core-plugin-api';

export interface LagThresholds {
  warningMs: number;
  criticalMs: number;
}

/** Replication lag thresholds from `multicloud.lagThresholds` (frontend config), with defaults. */
export function useLagThresholds(): LagThresholds {
  const config = useApi(configApiRef);
  return {
    warningMs:
      config.getOptionalNumber('multicloud.lagThresholds.warningMs') ?? 1000,
    criticalMs:
      config.getOptionalNumber('multicloud.lagThresholds.criticalMs') ?? 5000,
  };
}
