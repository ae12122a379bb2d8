import type { FailoverRecord } from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';

const STEP_LABELS: Record<string, string> = {
  plan: 'Plan',
  safety: 'Safety rules',
  execute: 'Execute',
  verify: 'Verify',
  commit: 'Commit weights',
  record: 'Record',
};

/** Each step of a failover attempt, its state and what it said: in the dialog and the history. */
export function FailoverSteps({ record }: { record: FailoverRecord }) {
  return (
    <ol aria-label="Failover steps" style={{ paddingLeft: 20, margin: 0 }}>
      {record.steps.map(s => (
        <li key={s.name}>
          <Typography
            variant="body2"
            color={s.state === 'failed' ? 'error' : 'textPrimary'}
            style={{ overflowWrap: 'anywhere' }}
          >
            {`${STEP_LABELS[s.name] ?? s.name}: ${s.state}${
              s.message ? ` (${s.message})` : ''
            }`}
          </Typography>
        </li>
      ))}
    </ol>
  );
}
