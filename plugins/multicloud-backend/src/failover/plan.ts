import { InputError } from '@backstage/errors';
import {
  describeWeights,
  targetWeights,
  type CloudId,
  type CloudInfo,
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
  /** The service's clouds (its provider's), in display order. */
  clouds: readonly CloudInfo[];
  request: FailoverRequest;
  current: Weights;
  health: Record<CloudId, HealthState>;
  /** The id of a failover of this service that has not finished, if any. */
  runningFailoverId: string | null;
}

/**
 * The weights a request asks for: all on the target cloud, or for `split` the given weights
 * (of exactly the service's clouds, see `checkFailoverRequest`) or an even split.
 */
export function desiredWeights(
  request: FailoverRequest,
  clouds: readonly CloudInfo[],
): Weights {
  const ids = clouds.map(c => c.id);
  if (request.target === 'split' && request.weights) {
    const given = request.weights;
    return Object.fromEntries(ids.map(cloud => [cloud, given[cloud]]));
  }
  if (request.target !== 'split' && !ids.includes(request.target))
    throw new InputError(unknownTarget(request.target, ids));
  return targetWeights(ids, request.target);
}

function unknownTarget(target: string, ids: readonly CloudId[]) {
  return `unknown failover target "${target}": the service runs on ${ids.join(
    ', ',
  )}, so the target must be one of ${[...ids, 'split'].join(', ')}`;
}

/**
 * Throws an InputError (HTTP 400) with a sentence when the request names a cloud the service does
 * not run on, or weights that are not one per cloud of the service. Whether the weights are whole
 * percentages adding up to 100 is the plan's `weights-valid` check.
 */
export function checkFailoverRequest(
  request: FailoverRequest,
  clouds: readonly CloudInfo[],
): void {
  const ids = clouds.map(c => c.id);
  if (request.target !== 'split' && !ids.includes(request.target))
    throw new InputError(unknownTarget(request.target, ids));
  if (request.target !== 'split' || !request.weights) return;
  const given = Object.keys(request.weights);
  const unknown = given.filter(cloud => !ids.includes(cloud));
  const missing = ids.filter(cloud => !given.includes(cloud));
  if (unknown.length || missing.length)
    throw new InputError(
      `weights must give one weight per cloud of the service (${ids.join(
        ', ',
      )})${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}${
        missing.length ? `; missing: ${missing.join(', ')}` : ''
      }`,
    );
}

function labelsOf(ids: CloudId[], clouds: readonly CloudInfo[]) {
  return ids.map(id => clouds.find(c => c.id === id)?.label ?? id);
}

/** `A`, `A and B`, `A, B and C`. */
function inWords(items: string[]) {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
    : items.join('');
}

function checkWeights(
  desired: Weights,
  clouds: readonly CloudInfo[],
): SafetyCheck {
  const ids = clouds.map(c => c.id);
  const bad = ids.filter(
    c => !Number.isInteger(desired[c]) || desired[c] < 0 || desired[c] > 100,
  );
  const sum = ids.reduce((s, c) => s + (desired[c] ?? 0), 0);
  let message = `${describeWeights(desired, clouds)} adds up to 100`;
  if (bad.length)
    message = `weights must be whole numbers from 0 to 100; ${inWords(
      labelsOf(bad, clouds),
    )} ${bad.length > 1 ? 'are' : 'is'} not`;
  else if (sum !== 100)
    message = `weights must add up to 100; ${describeWeights(
      desired,
      clouds,
    )} adds up to ${sum}`;
  return {
    rule: 'weights-valid',
    ok: !bad.length && sum === 100,
    message,
    overridable: false,
  };
}

function checkAtLeastOneOn(
  desired: Weights,
  clouds: readonly CloudInfo[],
): SafetyCheck {
  const on = clouds.map(c => c.id).filter(c => desired[c] > 0);
  return {
    rule: 'at-least-one-on',
    ok: on.length > 0,
    message: on.length
      ? `traffic keeps going to ${inWords(labelsOf(on, clouds))}`
      : 'refused: this would drain every cloud and leave the service with no traffic at all',
    overridable: false,
  };
}

/**
 * Every cloud that gains traffic must be healthy: traffic moved there would otherwise fail.
 * A cloud that keeps or loses weight is not asked, so traffic can always be moved away from an
 * unhealthy cloud.
 */
function checkTargetsHealthy(
  current: Weights,
  desired: Weights,
  health: Record<CloudId, HealthState>,
  clouds: readonly CloudInfo[],
): SafetyCheck {
  const gaining = clouds
    .map(c => c.id)
    .filter(c => desired[c] > (current[c] ?? 0));
  const unhealthy = gaining.filter(c => health[c] !== 'healthy');
  const label = (id: CloudId) => labelsOf([id], clouds)[0];
  let message = 'no cloud gains traffic';
  if (unhealthy.length)
    message = `refused: ${inWords(
      unhealthy.map(c => `${label(c)} is ${health[c] ?? 'unknown'}`),
    )}, so traffic sent there would fail; fix it first or force the failover`;
  else if (gaining.length)
    message = `${inWords(labelsOf(gaining, clouds))} ${
      gaining.length > 1 ? 'are' : 'is'
    } healthy`;
  return {
    rule: 'target-healthy',
    ok: unhealthy.length === 0,
    message,
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
  clouds: readonly CloudInfo[],
): GitOpsChange {
  return {
    path: GITOPS_WEIGHTS_PATH,
    content: `${JSON.stringify(
      { weights: Object.fromEntries(clouds.map(c => [c.id, desired[c.id]])) },
      null,
      2,
    )}\n`,
    commitMessage: `Traffic of ${serviceName}: ${describeWeights(
      desired,
      clouds,
    )}\n\n${reason.trim() || 'Failover from the portal'}`,
  };
}

/**
 * The failover protocol's plan step: the weights to set and what each safety rule says of them.
 * Pure, so the dialog's dry run and the execution decide alike.
 */
export function planFailover(input: PlanInput): FailoverPlan {
  const { clouds } = input;
  const desired = desiredWeights(input.request, clouds);
  const checks = [
    checkWeights(desired, clouds),
    checkAtLeastOneOn(desired, clouds),
    checkTargetsHealthy(input.current, desired, input.health, clouds),
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
    gitops: gitOpsChange(
      input.serviceName,
      desired,
      input.request.reason,
      clouds,
    ),
  };
}

/** The refusal in one sentence: the failing checks' messages. */
export function refusalMessage(plan: FailoverPlan): string {
  return plan.checks
    .filter(c => !c.ok && !(c.overridable && plan.allowed))
    .map(c => c.message)
    .join('; ');
}
