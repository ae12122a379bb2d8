import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
  type FailoverRefusal,
} from '@multicloud/backstage-plugin-multicloud-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  FailoverContext,
  FailoverService,
} from '../failover/FailoverService';
import { checkFailoverRequest } from '../failover/plan';
import {
  gitOpsTargetOf,
  type GitOpsPublisher,
} from '../gitops/GitOpsPublisher';
import { SERVICE_PATH, type Resolve, type Resolved } from './resolve';

/** Per cloud id; that they are the service's clouds is checked once its provider is known. */
const weightsSchema = z.record(z.string(), z.number().int().min(0).max(100));
const failoverRequestSchema = z.object({
  /** A cloud id of the service, or `split` (checked by `checkFailoverRequest`). */
  target: z.string().min(1),
  weights: weightsSchema.optional(),
  reason: z.string().max(500).default(''),
  force: z.boolean().optional(),
});

function parseFailoverRequest(body: unknown, needReason: boolean) {
  const parsed = failoverRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InputError(
      `invalid failover request: ${parsed.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  if (needReason && !parsed.data.reason.trim())
    throw new InputError('a failover needs a reason: say why in "reason"');
  return parsed.data;
}

/** Who acted, for the history: the user's entity ref, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject)
    return principal.subject;
  return 'unknown';
}

/**
 * The failover routes: plan (dry run), execute, follow, history, and the retry of a failed
 * commit of the weights.
 */
export function failoverRoutes(options: {
  resolve: Resolve;
  failovers: FailoverService;
  auditor: AuditorService;
  /** Where failovers commit their weights (GitOps); the first that knows the service's repo. */
  publishers: GitOpsPublisher[];
  json: express.RequestHandler;
}) {
  const { resolve, failovers, auditor, publishers, json } = options;
  const router = Router();
  const contextOf = ({
    provider,
    service,
    entity,
  }: Resolved): FailoverContext => ({
    provider,
    service,
    serviceName: entity.metadata.name,
    gitops: gitOpsTargetOf(publishers, entity),
  });

  router.post(`${SERVICE_PATH}/failover/plan`, json, async (req, res) => {
    const request = parseFailoverRequest(req.body, false);
    const resolved = await resolve(req, multicloudStatusReadPermission);
    checkFailoverRequest(request, resolved.provider.clouds);
    res.json(await failovers.plan(contextOf(resolved), request));
  });

  router.post(`${SERVICE_PATH}/failover`, json, async (req, res) => {
    const request = parseFailoverRequest(req.body, true);
    const resolved = await resolve(
      req,
      multicloudFailoverExecutePermission,
      async error => {
        const event = await auditor.createEvent({
          eventId: 'failover',
          severityLevel: 'high',
          request: req,
          meta: { target: request.target, reason: request.reason },
        });
        await event.fail({ error });
      },
    );
    checkFailoverRequest(request, resolved.provider.clouds);
    const result = await failovers.execute({
      ...contextOf(resolved),
      request,
      actor: actorOf(resolved.credentials),
      httpRequest: req,
    });
    if (!result.started) {
      const refusal: FailoverRefusal = {
        error: { name: 'FailoverRefusedError', message: result.message },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 409 },
        plan: result.plan,
      };
      res.status(409).json(refusal);
      return;
    }
    res.status(202).json(result.record);
  });

  router.get(`${SERVICE_PATH}/failover/history`, async (req, res) => {
    const { service } = await resolve(req, multicloudStatusReadPermission);
    res.json({ items: await failovers.history(service.entityRef) });
  });

  router.get(`${SERVICE_PATH}/failover/:id`, async (req, res) => {
    const { service } = await resolve(req, multicloudStatusReadPermission);
    const record = await failovers.get(service.entityRef, req.params.id);
    if (!record)
      throw new NotFoundError(
        `no failover ${req.params.id} of ${service.entityRef}`,
      );
    res.json(record);
  });

  // Commits again the weights of a finished failover whose commit failed: the same permission
  // as a failover, since it changes the service's repository.
  router.post(`${SERVICE_PATH}/failover/:id/commit`, async (req, res) => {
    const resolved = await resolve(req, multicloudFailoverExecutePermission);
    res.json(
      await failovers.retryCommit(contextOf(resolved), req.params.id, {
        actor: actorOf(resolved.credentials),
        httpRequest: req,
      }),
    );
  });

  return router;
}
