import {
  targetWeights,
  type CloudId,
  type CloudInfo,
  type FailoverTarget,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import WarningIcon from '@material-ui/icons/Warning';
import {
  changesWeights,
  cloudLabel,
  targetButtonLabel,
} from '../common/clouds';

/**
 * The unhealthy clouds a target would give traffic to: the safety rules refuse such a failover
 * unless it is forced (`target-healthy`), so in an incident the button says so before a click.
 */
function unhealthyGaining(
  ids: readonly CloudId[],
  target: FailoverTarget,
  weights: Record<CloudId, number> | undefined,
  health: Record<CloudId, HealthState>,
): CloudId[] {
  const wanted = targetWeights(ids, target);
  return ids.filter(
    id =>
      health[id] === 'unhealthy' &&
      wanted[id] > (weights ? weights[id] ?? 0 : 0),
  );
}

/**
 * The choice of a failover's target: a button per cloud of the service, then "Restore split".
 * What would change nothing is not offered (a cloud already at 100 %, the split when even);
 * while the weights are unknown (a cloud could not be read), every target is. A target that
 * would send more traffic to an unhealthy cloud is offered outlined, with a warning sign and the
 * reason on hover, so the way out of an incident is the button that stands out.
 */
export function FailoverTargetButtons({
  clouds,
  weights,
  health = {},
  disabled,
  onChoose,
}: {
  /** The service's clouds in display order; no buttons before they are known. */
  clouds: readonly CloudInfo[];
  /** The weights now, or undefined when they are not known. */
  weights: Record<CloudId, number> | undefined;
  /** Each cloud's health as the status says; a cloud not in it is not judged. */
  health?: Record<CloudId, HealthState>;
  disabled: boolean;
  onChoose: (target: FailoverTarget) => void;
}) {
  const ids = clouds.map(c => c.id);
  const targets: FailoverTarget[] = ids.length ? [...ids, 'split'] : [];
  return (
    <div style={{ marginTop: 12, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {targets
        .filter(t => !weights || changesWeights(ids, t, weights))
        .map(t => {
          const unhealthy = unhealthyGaining(ids, t, weights, health);
          const warning = unhealthy.length
            ? `${unhealthy.map(id => cloudLabel(clouds, id)).join(' and ')} ${
                unhealthy.length > 1 ? 'are' : 'is'
              } unhealthy: the safety rules refuse this failover unless it is forced`
            : undefined;
          return (
            <Button
              key={t}
              variant={warning ? 'outlined' : 'contained'}
              color={t === 'split' || warning ? 'default' : 'primary'}
              disabled={disabled}
              onClick={() => onChoose(t)}
              startIcon={warning ? <WarningIcon /> : undefined}
              title={warning}
              data-unhealthy-target={warning ? 'true' : undefined}
            >
              {targetButtonLabel(clouds, t)}
            </Button>
          );
        })}
    </div>
  );
}
