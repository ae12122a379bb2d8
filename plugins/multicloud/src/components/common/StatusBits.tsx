import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { HealthState } from '@multicloud/backstage-plugin-multicloud-common';
import { ms } from './format';
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
  if (lagMs === null) return <>{ms(lagMs)}</>;
  if (lagMs >= thresholds.criticalMs)
    return <StatusError>{ms(lagMs)} (critical)</StatusError>;
  if (lagMs >= thresholds.warningMs)
    return <StatusWarning>{ms(lagMs)} (warning)</StatusWarning>;
  return <StatusOK>{ms(lagMs)}</StatusOK>;
}
