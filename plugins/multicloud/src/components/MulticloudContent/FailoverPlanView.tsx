import type {
  CloudInfo,
  FailoverPlan,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { cloudLabel, weightsText, orderedIds } from '../common/clouds';

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

/**
 * The backend's plan of a failover: each cloud's weight now and after, its health, what each
 * safety rule says and where the new weights will be committed. Once the failover has started
 * the weights now read "before", and once it has finished `afterRun` replaces the planned ones.
 */
export function FailoverPlanView({
  plan,
  clouds,
  started,
  afterRun,
}: {
  plan: FailoverPlan;
  /** The service's clouds in display order. */
  clouds: readonly CloudInfo[];
  started: boolean;
  /** The traffic in effect after the run, once it has finished. */
  afterRun?: ReactNode;
}) {
  return (
    <>
      <Typography variant="body2">
        Traffic {started ? 'before' : 'now'}:{' '}
        {weightsText(clouds, plan.current)}
      </Typography>
      {afterRun ?? (
        <Typography variant="body2">
          Traffic after: {weightsText(clouds, plan.desired)}
        </Typography>
      )}
      <Typography variant="body2">
        Health:{' '}
        {orderedIds(clouds, plan.targetHealth)
          .map(c => `${cloudLabel(clouds, c)} ${plan.targetHealth[c]}`)
          .join(' · ')}
      </Typography>
      <Checks plan={plan} />
      {!started && (
        <Typography variant="body2" color="textSecondary">
          {plan.gitops.repository
            ? `The new weights will be committed to ${plan.gitops.repository} (${plan.gitops.path}), so the next Terraform apply keeps them.`
            : `This service names no repository the portal can write to: commit ${plan.gitops.path} yourself after the failover.`}
        </Typography>
      )}
    </>
  );
}
