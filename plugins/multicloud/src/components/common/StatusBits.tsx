import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { HealthState } from '@multicloud/backstage-plugin-multicloud-common';
import { ms, unbroken } from './format';
import type { LagThresholds } from './useLagThresholds';

/** A cloud's health in words, with the status colour. */
export function HealthLabel({ health }: { health: HealthState }) {
  if (health === 'healthy') return <StatusOK>Healthy</StatusOK>;
  if (health === 'unhealthy') return <StatusError>Unhealthy</StatusError>;
  return <StatusWarning>Unknown</StatusWarning>;
}

/** A replication lag, coloured by the configured warning and critical thresholds. */
export function LagLabel({
  lagMs,
  thresholds,
}: {
  lagMs: number | null;
  thresholds: LagThresholds;
}) {
  // A narrow cell may break the line before "(critical)", never inside "8415 ms".
  const figure = unbroken(ms(lagMs));
  if (lagMs === null) return <>{figure}</>;
  if (lagMs >= thresholds.criticalMs)
    return <StatusError>{figure} (critical)</StatusError>;
  if (lagMs >= thresholds.warningMs)
    return <StatusWarning>{figure} (warning)</StatusWarning>;
  return <StatusOK>{figure}</StatusOK>;
}
