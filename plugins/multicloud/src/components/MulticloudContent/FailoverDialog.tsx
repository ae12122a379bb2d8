import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  evenWeights,
  type CloudInfo,
  type FailoverTarget,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { multicloudApiRef } from '../../api';
import { cloudLabel } from '../common/clouds';
import {
  FailoverConfirmation,
  isConfirmed,
  type Confirmation,
} from './FailoverConfirmation';
import { FailoverPlanView } from './FailoverPlanView';
import { FailoverProgress } from './FailoverProgress';
import { GitOpsOutcome, TrafficAfterRun } from './FailoverResult';
import { useFailoverRun } from './useFailoverRun';

/** "Fail over orders to Azure", or "Restore the 50/50 split of orders" (34/33/33 for three). */
function dialogTitle(
  clouds: readonly CloudInfo[],
  target: FailoverTarget,
  serviceName: string,
) {
  if (target !== 'split')
    return `Fail over ${serviceName} to ${cloudLabel(clouds, target)}`;
  const even = Object.values(evenWeights(clouds.map(c => c.id)));
  return `Restore the ${even.join('/')} split of ${serviceName}`;
}

/**
 * The failover dialog: the backend's plan (weights now and after, the targets' health, what each
 * safety rule says), a reason and a typed confirmation, then each step of the protocol as it
 * runs, the outcome and where the new weights were committed.
 */
export function FailoverDialog({
  entityRef,
  serviceName,
  clouds,
  target,
  onClose,
  onFinished,
}: {
  entityRef: string;
  serviceName: string;
  /** The service's clouds in display order. */
  clouds: readonly CloudInfo[];
  target: FailoverTarget;
  onClose: () => void;
  onFinished: () => void;
}) {
  const api = useApi(multicloudApiRef);
  const [confirmation, setConfirmation] = useState<Confirmation>({
    reason: '',
    typedName: '',
    force: false,
  });
  const { reason, force } = confirmation;
  const run = useFailoverRun(entityRef, onFinished);
  const { record } = run;

  const plan = useAsync(
    () => api.planFailover(entityRef, { target, reason: '', force }),
    [api, entityRef, target, force],
  );

  const failing = plan.value?.checks.filter(c => !c.ok) ?? [];
  const canExecute =
    Boolean(plan.value?.allowed) &&
    isConfirmed(confirmation, serviceName) &&
    !run.submitting &&
    !record;

  const titleId = 'multicloud-failover-title';
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>
        {dialogTitle(clouds, target, serviceName)}
      </DialogTitle>
      <DialogContent>
        {plan.loading && <Progress />}
        {plan.error && (
          <Typography color="error" role="alert">
            Could not plan the failover: {plan.error.message}
          </Typography>
        )}
        {plan.value && (
          <FailoverPlanView
            plan={plan.value}
            clouds={clouds}
            started={Boolean(record)}
            afterRun={
              record && !run.running ? (
                <TrafficAfterRun entityRef={entityRef} />
              ) : undefined
            }
          />
        )}
        {!record && (
          <FailoverConfirmation
            serviceName={serviceName}
            value={confirmation}
            offerForce={failing.length > 0 && failing.every(c => c.overridable)}
            onChange={setConfirmation}
          />
        )}
        {run.refusal && (
          <Typography color="error" role="alert">
            Refused: {run.refusal}
          </Typography>
        )}
        {record && <FailoverProgress record={record} />}
        {record?.outcome === 'succeeded' && (
          <GitOpsOutcome record={record} onRetried={run.setRecord} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {record && !run.running ? 'Close' : 'Cancel'}
        </Button>
        {!record && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canExecute}
            onClick={() => run.execute({ target, reason, force })}
          >
            Execute failover
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
