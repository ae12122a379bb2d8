import { CodeSnippet, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CloudInfo,
  FailoverPlan,
  FailoverRecord,
  FailoverTarget,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { multicloudApiRef } from '../../api';
import {
  cloudLabel,
  describeWeights,
  evenWeights,
  orderedIds,
} from '../common/clouds';
import { FailoverSteps } from './FailoverSteps';
import { WeightsCommit } from './WeightsCommit';

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
 * What the safety rules say. A refused plan shows only the rules that refuse it: a green line
 * such as "traffic keeps going to Azure" beside "Azure is unhealthy" would say the opposite.
 */
function Checks({ plan }: { plan: FailoverPlan }) {
  const refusing = plan.checks.filter(c => !c.ok);
  const shown = plan.allowed ? plan.checks : refusing;
  const passing = plan.checks.length - refusing.length;
  return (
    <>
      <ul aria-label="Safety rules" style={{ paddingLeft: 20 }}>
        {shown.map(c => (
          <li key={c.rule}>
            <Typography variant="body2" color={c.ok ? 'textPrimary' : 'error'}>
              {c.ok
                ? `✓ pass: ${c.message}`
                : `✗ ${
                    plan.allowed ? 'forced past' : 'refuses'
                  }: ${c.message.replace(/^refused: /, '')}`}
            </Typography>
          </li>
        ))}
      </ul>
      {!plan.allowed && passing > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {passing} other rule{passing === 1 ? '' : 's'} pass
        </Typography>
      )}
    </>
  );
}

/** The weights in effect once a failover finished, read again from the status. */
function TrafficAfterRun({ entityRef }: { entityRef: string }) {
  const api = useApi(multicloudApiRef);
  const status = useAsync(() => api.getStatus(entityRef), [api, entityRef]);
  const clouds = status.value?.clouds ?? [];
  const read = clouds.length > 0 && clouds.every(c => c.ok);
  let text = 'could not be read; see the status';
  if (status.loading) text = 'reading…';
  if (read)
    text = describeWeights(
      status.value!.cloudInfo,
      Object.fromEntries(clouds.map(c => [c.cloud, c.ok ? c.data.weight : 0])),
    );
  return (
    <Typography variant="body2" data-testid="traffic-after-run">
      Traffic now: {text}
    </Typography>
  );
}

/**
 * The failover's weights in the service's repository: the commit or pull request, or why they
 * were not committed, with the file to commit by hand (and a retry when the commit failed).
 */
function GitOpsOutcome({
  record,
  onRetried,
}: {
  record: FailoverRecord;
  onRetried: (record: FailoverRecord) => void;
}) {
  const committed = record.commit?.state === 'committed';
  return (
    <div style={{ marginTop: 12 }} data-testid="failover-commit">
      <Typography variant="subtitle2" component="p">
        {committed
          ? 'Weights committed, so the next Terraform apply keeps them:'
          : 'The traffic has moved, but the repository does not say so yet:'}
      </Typography>
      <WeightsCommit record={record} mayRetry onRetried={onRetried} />
      {!committed && record.gitops && (
        <>
          <Typography variant="body2" style={{ marginTop: 8 }}>
            Until it is committed, the next Terraform apply undoes the failover.
            To commit it by hand: {record.gitops.path}, message "
            {record.gitops.commitMessage.split('\n')[0]}"
          </Typography>
          <CodeSnippet
            text={record.gitops.content}
            language="json"
            showCopyCodeButton
          />
        </>
      )}
    </div>
  );
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
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [force, setForce] = useState(false);
  const [record, setRecord] = useState<FailoverRecord>();
  const [refusal, setRefusal] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const plan = useAsync(
    () => api.planFailover(entityRef, { target, reason: '', force }),
    [api, entityRef, target, force],
  );

  // Follow the running failover until it finishes. The page's callback changes with every
  // status poll (each second): read through a ref, so the timer is not reset before it fires.
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const recordId = record?.id;
  const running = record?.outcome === 'running';
  useEffect(() => {
    if (!recordId || !running) return undefined;
    const timer = setInterval(async () => {
      try {
        const next = await api.getFailover(entityRef, recordId);
        setRecord(next);
        if (next.outcome !== 'running') finished.current();
      } catch {
        // A missed read is retried on the next tick.
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [api, entityRef, recordId, running]);

  const failing = plan.value?.checks.filter(c => !c.ok) ?? [];
  const onlyOverridable =
    failing.length > 0 && failing.every(c => c.overridable);
  const canExecute =
    Boolean(plan.value?.allowed) &&
    reason.trim().length > 0 &&
    confirmation === serviceName &&
    !submitting &&
    !record;

  const execute = async () => {
    setSubmitting(true);
    setRefusal(undefined);
    try {
      setRecord(
        await api.executeFailover(entityRef, { target, reason, force }),
      );
    } catch (e) {
      setRefusal(
        e instanceof ResponseError
          ? e.body.error.message
          : (e as Error).message,
      );
    } finally {
      setSubmitting(false);
    }
  };

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
          <>
            <Typography variant="body2">
              Traffic {record ? 'before' : 'now'}:{' '}
              {describeWeights(clouds, plan.value.current)}
            </Typography>
            {record && record.outcome !== 'running' ? (
              <TrafficAfterRun entityRef={entityRef} />
            ) : (
              <Typography variant="body2">
                Traffic after: {describeWeights(clouds, plan.value.desired)}
              </Typography>
            )}
            <Typography variant="body2">
              Health:{' '}
              {orderedIds(clouds, plan.value.targetHealth)
                .map(
                  c =>
                    `${cloudLabel(clouds, c)} ${plan.value!.targetHealth[c]}`,
                )
                .join(' · ')}
            </Typography>
            <Checks plan={plan.value} />
            {!record && (
              <Typography variant="body2" color="textSecondary">
                {plan.value.gitops.repository
                  ? `The new weights will be committed to ${plan.value.gitops.repository} (${plan.value.gitops.path}), so the next Terraform apply keeps them.`
                  : `This service names no repository the portal can write to: commit ${plan.value.gitops.path} yourself after the failover.`}
              </Typography>
            )}
          </>
        )}
        {!record && (
          <>
            <TextField
              id="multicloud-failover-reason"
              label="Reason"
              value={reason}
              onChange={e => setReason(e.target.value)}
              fullWidth
              margin="dense"
              required
            />
            <TextField
              id="multicloud-failover-confirm"
              label={`Type ${serviceName} to confirm`}
              value={confirmation}
              onChange={e => setConfirmation(e.target.value)}
              fullWidth
              margin="dense"
              required
            />
            {(onlyOverridable || force) && (
              <FormControlLabel
                control={
                  <Checkbox
                    checked={force}
                    onChange={e => setForce(e.target.checked)}
                  />
                }
                label="Force (target unhealthy)"
              />
            )}
          </>
        )}
        {refusal && (
          <Typography color="error" role="alert">
            Refused: {refusal}
          </Typography>
        )}
        {record && (
          <>
            <FailoverSteps record={record} />
            {record.outcome === 'running' && <Progress />}
            {record.outcome === 'succeeded' && (
              <Typography role="status" style={{ color: 'green' }}>
                Succeeded
              </Typography>
            )}
            {(record.outcome === 'failed' || record.outcome === 'refused') && (
              <Typography role="alert" color="error">
                Failed: {record.error}
              </Typography>
            )}
            {record.outcome === 'succeeded' && (
              <GitOpsOutcome record={record} onRetried={setRecord} />
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {record && !running ? 'Close' : 'Cancel'}
        </Button>
        {!record && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canExecute}
            onClick={execute}
          >
            Execute failover
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
