import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  BUILT_IN_CLOUDS,
  describeWeights,
  MulticloudClient,
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
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'multicloud',
      });
      const client = new MulticloudClient({
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
      const request: FailoverRequest = {
        target: ctx.input.target,
        reason: ctx.input.reason,
        weights: ctx.input.weights,
        force: ctx.input.force,
      };
      const plan = await client.planFailover(ctx.input.entityRef, request);
      ctx.logger.info(
        `Plan for ${ctx.input.entityRef}: ${describe(
          plan.current,
        )} → ${describe(plan.desired)}`,
      );
      for (const check of plan.checks)
        ctx.logger.info(
          `  ${check.ok ? 'pass' : 'REFUSE'} ${check.rule}: ${check.message}`,
        );
      ctx.output('gitopsPath', plan.gitops.path);
      ctx.output('gitopsContent', plan.gitops.content);
      if (!plan.allowed) {
        throw new Error(
          `The safety rules refuse this failover: ${plan.checks
            .filter(c => !c.ok)
            .map(c => c.message)
            .join('; ')}`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: the weights were not changed');
        ctx.output('outcome', 'dry-run');
        ctx.output('weights', plan.current);
        return;
      }

      let record: FailoverRecord = await client.executeFailover(
        ctx.input.entityRef,
        request,
      );
      ctx.output('failoverId', record.id);
      const said = new Set<string>();
      const started = Date.now();
      for (;;) {
        for (const step of record.steps) {
          const line = `${step.name}: ${step.state}${
            step.message ? ` (${step.message})` : ''
          }`;
          if (step.state !== 'pending' && !said.has(line)) {
            said.add(line);
            ctx.logger.info(line);
          }
        }
        if (record.outcome !== 'running') break;
        if (Date.now() - started > timeoutMs)
          throw new Error(
            `failover ${record.id} still running after ${Math.round(
              timeoutMs / 1000,
            )} s; follow it in the portal`,
          );
        await new Promise(r => setTimeout(r, pollIntervalMs));
        record = await client.getFailover(ctx.input.entityRef, record.id);
      }
      ctx.output('outcome', record.outcome);
      ctx.output(
        'weights',
        record.outcome === 'succeeded' ? record.to : record.from,
      );
      if (record.outcome !== 'succeeded')
        throw new Error(
          `Failover ${record.outcome}: ${record.error ?? 'no reason given'}`,
        );
      const commit = record.commit;
      if (commit?.state === 'committed' && commit.url) {
        ctx.output('gitopsCommitUrl', commit.url);
        ctx.logger.info(
          `Done: ${describe(record.to)}, recorded in ${commit.repository}: ${
            commit.url
          }`,
        );
      } else {
        // The traffic has moved; the repository is for a person (or a retry in the portal).
        ctx.logger.warn(
          `Done: ${describe(record.to)}, but weights not committed: ${
            commit?.error ?? 'no commit recorded'
          }. Commit ${
            plan.gitops.path
          } to the service's repo so Terraform keeps these weights.`,
        );
      }
    },
  });
}
