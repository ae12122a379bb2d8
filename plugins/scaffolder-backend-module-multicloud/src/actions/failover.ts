import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  BUILT_IN_CLOUDS,
  describeWeights,
  MulticloudClient,
  type FailoverPlan,
  type FailoverRecord,
  type FailoverRequest,
} from '@multicloud/backstage-plugin-multicloud-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

export interface FailoverActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** How often to read the failover's progress, and for how long. */
  pollIntervalMs?: number;
  timeoutMs?: number;
}

/** Weights in words; a cloud a provider module adds is named by its id. */
const describe = (w: Record<string, number>) =>
  describeWeights(w, BUILT_IN_CLOUDS);

/**
 * `multicloud:failover`: moves a service's traffic through the multi-cloud backend, with the
 * task's initiator as the actor, so the same permissions, safety rules, history and audit apply
 * as to the portal's button. A dry run prints the plan and changes nothing.
 */
export function createFailoverAction(options: FailoverActionOptions) {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  return createTemplateAction({
    id: 'multicloud:failover',
    description:
      'Fails a multi-cloud service over to one of its clouds, or restores the split, through the multi-cloud backend (plan, safety rules, execute, verify, record)',
    supportsDryRun: true,
    examples: [
      {
        description: 'Move all traffic of the orders service to Azure',
        example: `steps:
  - id: failover
    name: Fail over to Azure
    action: multicloud:failover
    input:
      entityRef: component:default/orders
      target: azure
      reason: AWS eu-west-1 is degraded
`,
      },
      {
        description: 'Restore a 70/30 split, forcing past an unhealthy target',
        example: `steps:
  - id: restore
    name: Restore the split
    action: multicloud:failover
    input:
      entityRef: component:default/orders
      target: split
      weights: { aws: 70, azure: 30 }
      reason: drill over
      force: true
`,
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The service, e.g. component:default/orders'),
        target: z =>
          z
            .string()
            .regex(
              /^[a-z][a-z0-9]*$/,
              'a cloud id of the service (lower-case letters and digits, e.g. aws) or split',
            )
            .describe(
              'A cloud id of the service (aws, azure, or one a provider module adds) takes all traffic; split shares it. The backend refuses a cloud the service does not run on',
            ),
        reason: z => z.string().min(1).describe('Why: kept in the history'),
        weights: z =>
          z
            .record(z.string(), z.number().int().min(0).max(100))
            .optional()
            .describe(
              'For split: one whole percentage per cloud of the service, adding up to 100 (default: even)',
            ),
        force: z =>
          z
            .boolean()
            .optional()
            .describe('Go ahead although the target is unhealthy'),
      },
      output: {
        failoverId: z => z.string().optional(),
        outcome: z => z.string(),
        weights: z => z.record(z.string(), z.number()),
        gitopsPath: z => z.string(),
        gitopsContent: z => z.string(),
        gitopsCommitUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The commit or pull request that records the new weights in the service repository',
            ),
      },
    },
    async handler(ctx) {
      const client = await clientFor(
        options,
        await ctx.getInitiatorCredentials(),
      );
      const { entityRef } = ctx.input;
      const request: FailoverRequest = {
        target: ctx.input.target,
        reason: ctx.input.reason,
        weights: ctx.input.weights,
        force: ctx.input.force,
      };
      const plan = await planFailover(client, entityRef, request, ctx.logger);
      ctx.output('gitopsPath', plan.gitops.path);
      ctx.output('gitopsContent', plan.gitops.content);
      if (!plan.allowed) throw new Error(refusalOf(plan));
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: the weights were not changed');
        ctx.output('outcome', 'dry-run');
        ctx.output('weights', plan.current);
        return;
      }

      const started = await client.executeFailover(entityRef, request);
      ctx.output('failoverId', started.id);
      const record = await waitForFailover(client, entityRef, started, {
        logger: ctx.logger,
        pollIntervalMs,
        timeoutMs,
      });
      ctx.output('outcome', record.outcome);
      ctx.output(
        'weights',
        record.outcome === 'succeeded' ? record.to : record.from,
      );
      const commitUrl = reportFailover(record, plan, ctx.logger);
      if (commitUrl) ctx.output('gitopsCommitUrl', commitUrl);
    },
  });
}

type Log = Pick<LoggerService, 'info' | 'warn'>;

/** The backend's client, acting for the task's initiator. */
async function clientFor(
  options: FailoverActionOptions,
  initiator: BackstageCredentials,
) {
  const { token } = await options.auth.getPluginRequestToken({
    onBehalfOf: initiator,
    targetPluginId: 'multicloud',
  });
  return new MulticloudClient({
    discoveryApi: options.discovery,
    fetchApi: {
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            authorization: `Bearer ${token}`,
          },
        }),
    },
  });
}

/** Plan: the backend's dry run, with each safety rule's verdict in the task's log. */
async function planFailover(
  client: MulticloudClient,
  entityRef: string,
  request: FailoverRequest,
  logger: Log,
): Promise<FailoverPlan> {
  const plan = await client.planFailover(entityRef, request);
  logger.info(
    `Plan for ${entityRef}: ${describe(plan.current)} → ${describe(
      plan.desired,
    )}`,
  );
  for (const check of plan.checks)
    logger.info(
      `  ${check.ok ? 'pass' : 'REFUSE'} ${check.rule}: ${check.message}`,
    );
  return plan;
}

function refusalOf(plan: FailoverPlan) {
  return `The safety rules refuse this failover: ${plan.checks
    .filter(c => !c.ok)
    .map(c => c.message)
    .join('; ')}`;
}

/**
 * Wait: follows the running failover until it ends, each new step state in the task's log.
 * Throws when it still runs after `timeoutMs`.
 */
async function waitForFailover(
  client: MulticloudClient,
  entityRef: string,
  started: FailoverRecord,
  options: { logger: Log; pollIntervalMs: number; timeoutMs: number },
): Promise<FailoverRecord> {
  const { logger, pollIntervalMs, timeoutMs } = options;
  const said = new Set<string>();
  const since = Date.now();
  let record = started;
  for (;;) {
    for (const step of record.steps) {
      const line = `${step.name}: ${step.state}${
        step.message ? ` (${step.message})` : ''
      }`;
      if (step.state !== 'pending' && !said.has(line)) {
        said.add(line);
        logger.info(line);
      }
    }
    if (record.outcome !== 'running') return record;
    if (Date.now() - since > timeoutMs)
      throw new Error(
        `failover ${record.id} still running after ${Math.round(
          timeoutMs / 1000,
        )} s; follow it in the portal`,
      );
    await new Promise(r => setTimeout(r, pollIntervalMs));
    record = await client.getFailover(entityRef, record.id);
  }
}

/**
 * Report: throws for a failover that did not succeed; otherwise says where its weights were
 * committed and returns the commit's or pull request's URL (undefined when the commit is for a
 * person to make).
 */
function reportFailover(
  record: FailoverRecord,
  plan: FailoverPlan,
  logger: Log,
): string | undefined {
  if (record.outcome !== 'succeeded')
    throw new Error(
      `Failover ${record.outcome}: ${record.error ?? 'no reason given'}`,
    );
  const commit = record.commit;
  if (commit?.state === 'committed' && commit.url) {
    logger.info(
      `Done: ${describe(record.to)}, recorded in ${commit.repository}: ${
        commit.url
      }`,
    );
    return commit.url;
  }
  // The traffic has moved; the repository is for a person (or a retry in the portal).
  logger.warn(
    `Done: ${describe(record.to)}, but weights not committed: ${
      commit?.error ?? 'no commit recorded'
    }. Commit ${
      plan.gitops.path
    } to the service's repo so Terraform keeps these weights.`,
  );
  return undefined;
}
