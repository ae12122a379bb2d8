import {
  CLOUD_LABELS,
  CLOUDS,
  type CloudId,
  type FailoverPlan,
  type FailoverRequest,
  type GitOpsChange,
  type HealthState,
  type SafetyCheck,
} from '@multicloud/backstage-plugin-multicloud-common';
import type { Weights } from '../providers/types';

/** The file of the generated service repo that holds the weights Terraform applies. */
export const GITOPS_WEIGHTS_PATH = 'infra/global/weights.auto.tfvars.json';

export interface PlanInput {
  entityRef: string;
  serviceName: string;
  request: FailoverRequest;
  current: Weights;
  health: Record<CloudId, HealthState>;
  /** The id of a failover of this service that has not finished, if any. */
  runningFailoverId: string | null;
}

export function desiredWeights(request: FailoverRequest): Weights {
  switch (request.target) {
    case 'aws':
      return { aws: 100, azure: 0 };
    case 'azure':
      return { aws: 0, azure: 100 };
    case 'split':
      return request.weights ?? { aws: 50, azure: 50 };
    default:
      throw new Error(`unknown target ${request.target as string}`);
  }
}

const describe = (w: Weights) =>
  CLOUDS.map(c => `${CLOUD_LABELS[c]} ${w[c]}%`).join(' / ');

function checkWeights(desired: Weights): SafetyCheck {
  const bad = CLOUDS.filter(
    c => !Number.isInteger(desired[c]) || desired[c] < 0 || desired[c] > 100,
  );
  const sum = CLOUDS.reduce((s, c) => s + (desired[c] ?? 0), 0);
  let message = `${describe(desired)} adds up to 100`;
  if (bad.length)
    message = `weights must be whole numbers from 0 to 100; ${bad
      .map(c => CLOUD_LABELS[c])
      .join(', ')} ${bad.length > 1 ? 'are' : 'is'} not`;
  else if (sum !== 100)
    message = `weights must add up to 100; ${describe(
      desired,
    )} adds up to ${sum}`;
  return {
    rule: 'weights-valid',
    ok: !bad.length && sum === 100,
    message,
    overridable: false,
  };
}

function checkAtLeastOneOn(desired: Weights): SafetyCheck {
  const on = CLOUDS.filter(c => desired[c] > 0);
  return {
    rule: 'at-least-one-on',
    ok: on.length > 0,
    message: on.length
      ? `traffic keeps going to ${on.map(c => CLOUD_LABELS[c]).join(' and ')}`
      : 'refused: this would drain every cloud and leave the service with no traffic at all',
    overridable: false,
  };
}

function checkTargetsHealthy(
  desired: Weights,
  health: Record<CloudId, HealthState>,
): SafetyCheck {
  const receiving = CLOUDS.filter(c => desired[c] > 0);
  const unhealthy = receiving.filter(c => health[c] !== 'healthy');
  return {
    rule: 'target-healthy',
    ok: unhealthy.length === 0,
    message: unhealthy.length
      ? `refused: ${unhealthy
          .map(c => `${CLOUD_LABELS[c]} is ${health[c]}`)
          .join(
            ' and ',
          )}, so traffic sent there would fail; fix it first or force the failover`
      : `${receiving.map(c => CLOUD_LABELS[c]).join(' and ')} ${
          receiving.length > 1 ? 'are' : 'is'
        } healthy`,
    overridable: true,
  };
}

function checkOneAtATime(runningFailoverId: string | null): SafetyCheck {
  return {
    rule: 'one-at-a-time',
    ok: !runningFailoverId,
    message: runningFailoverId
      ? `refused: failover ${runningFailoverId} of this service is still running; wait for it to finish`
      : 'no other failover of this service is running',
    overridable: false,
  };
}

export function gitOpsChange(
  serviceName: string,
  desired: Weights,
  reason: string,
): GitOpsChange {
  return {
    path: GITOPS_WEIGHTS_PATH,
    content: `${JSON.stringify(
      { weights: Object.fromEntries(CLOUDS.map(c => [c, desired[c]])) },
      null,
      2,
    )}\n`,
    commitMessage: `Traffic of ${serviceName}: ${describe(desired)}\n\n${
      reason.trim() || 'Failover from the portal'
    }`,
  };
}

/**
 * The failover protocol's plan step: the weights to set and what each safety rule says of them.
 * Pure, so the dialog's dry run and the execution decide alike.
 */
export function planFailover(input: PlanInput): FailoverPlan {
  const desired = desiredWeights(input.request);
  const weightsCheck = checkWeights(desired);
  const checks = [
    weightsCheck,
    checkAtLeastOneOn(desired),
    checkTargetsHealthy(desired, input.health),
    checkOneAtATime(input.runningFailoverId),
  ];
  const failing = checks.filter(c => !c.ok);
  const allowed =
    failing.length === 0 ||
    (Boolean(input.request.force) && failing.every(c => c.overridable));
  return {
    entityRef: input.entityRef,
    target: input.request.target,
    current: input.current,
    desired,
    targetHealth: input.health,
    checks,
    allowed,
    gitops: gitOpsChange(input.serviceName, desired, input.request.reason),
  };
}

/** The refusal in one sentence: the failing checks' messages. */
export function refusalMessage(plan: FailoverPlan): string {
  return plan.checks
    .filter(c => !c.ok && !(c.overridable && plan.allowed))
    .map(c => c.message)
    .join('; ');
}
