import type {
  CloudId,
  CloudInfo,
  FailoverTarget,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import { changesWeights, targetButtonLabel } from '../common/clouds';

/**
 * The choice of a failover's target: a button per cloud of the service, then "Restore split".
 * What would change nothing is not offered (a cloud already at 100 %, the split when even);
 * while the weights are unknown (a cloud could not be read), every target is.
 */
export function FailoverTargetButtons({
  clouds,
  weights,
  disabled,
  onChoose,
}: {
  /** The service's clouds in display order; no buttons before they are known. */
  clouds: readonly CloudInfo[];
  /** The weights now, or undefined when they are not known. */
  weights: Record<CloudId, number> | undefined;
  disabled: boolean;
  onChoose: (target: FailoverTarget) => void;
}) {
  const ids = clouds.map(c => c.id);
  const targets: FailoverTarget[] = ids.length ? [...ids, 'split'] : [];
  return (
    <div style={{ marginTop: 12, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {targets
        .filter(t => !weights || changesWeights(ids, t, weights))
        .map(t => (
          <Button
            key={t}
            variant="contained"
            color={t === 'split' ? 'default' : 'primary'}
            disabled={disabled}
            onClick={() => onChoose(t)}
          >
            {targetButtonLabel(clouds, t)}
          </Button>
        ))}
    </div>
  );
}
