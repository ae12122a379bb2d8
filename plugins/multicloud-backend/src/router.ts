import type {
  AuditorService,
  BackstageCredentials,
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CLOUDS,
  METRIC_RANGES,
  multicloudDlqReplayPermission,
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
  type CloudId,
  type FailoverRefusal,
  type MetricsResponse,
} from '@multicloud/backstage-plugin-multicloud-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { locateService } from './discovery';
import { EntityLookup } from './EntityLookup';
import { ReadDecisions } from './ReadDecisions';
import type { FailoverService } from './failover/FailoverService';
import { gitOpsTargetOf, type GitOpsPublisher } from './gitops/GitOpsPublisher';
import { showLocalCommit } from './gitops/LocalGitPublisher';
import type { MulticloudProvider, ServiceLocation } from './providers/types';
import { sendStatus } from './status/sendStatus';
import type { StatusService } from './status/StatusService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  cache: CacheService;
  statuses: StatusService;
  auditor: AuditorService;
  /** Providers by name (the `multicloud.io/provider` annotation). */
  providers: Map<string, MulticloudProvider>;
  failovers: FailoverService;
  /** Where failovers commit their weights (GitOps); the first that knows the service's repo. */
  publishers?: GitOpsPublisher[];
  /** The sandbox's bare repositories, whose commits `/git/...` shows; null outside the sandbox. */
  localGitBaseDir?: string | null;
}

const METRICS_TTL_MS = 30_000;
/** Dead letters a list shows: the first page of what a person may need to look at. */
const DEAD_LETTER_LIST_MAX = 20;

const weightsSchema = z.object({
  aws: z.number().int().min(0).max(100),
  azure: z.number().int().min(0).max(100),
});
const failoverRequestSchema = z.object({
  target: z.enum(['aws', 'azure', 'split']),
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

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    catalog,
    cache,
    statuses,
    auditor,
    providers,
  } = options;
  const router = Router();
  // Only the POST routes take a body; the GET routes (the portal's polls) skip the parser.
  const json = express.json();
  const entities = new EntityLookup({ catalog });
  const decisions = new ReadDecisions({ permissions });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const publishers = options.publishers ?? [];
  const localGit = options.localGitBaseDir;
  if (localGit) {
    router.get('/git/:repository/commits/:sha', async (req, res) => {
      const shown = await showLocalCommit(
        localGit,
        req.params.repository,
        req.params.sha,
      );
      if (shown === null)
        throw new NotFoundError(
          `no commit ${req.params.sha} in ${req.params.repository}`,
        );
      res.type('text/plain; charset=utf-8').send(shown);
    });
  }

  interface Resolved {
    credentials: BackstageCredentials;
    entity: Entity;
    service: ServiceLocation;
    provider: MulticloudProvider;
  }

  /** The entity a route names, after the permission check, and its provider. */
  async function resolve(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
    onDenied?: (error: Error) => Promise<void>,
  ): Promise<Resolved> {
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const decision = await decisions.authorize(
      permission,
      entityRef,
      credentials,
    );
    if (decision !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(
        `you are not allowed to use ${permission.name} on ${entityRef}`,
      );
      await onDenied?.(error);
      throw error;
    }
    // After the permission decision (a read decision remembered a few seconds for this caller
    // and entity, see ReadDecisions); the lookup is made with the caller's credentials and
    // remembered for this caller only (see EntityLookup).
    const entity = await entities.get(entityRef, credentials);
    if (!entity)
      throw new NotFoundError(`no entity ${entityRef} in the catalog`);
    const service = locateService(entity);
    const provider = providers.get(service.provider);
    if (!provider) {
      throw new InputError(
        `${entityRef} names the provider "${
          service.provider
        }", which is not configured; configured: ${
          [...providers.keys()].join(', ') || 'none'
        }`,
      );
    }
    return { credentials, entity, service, provider };
  }

  // For the portal's warning when failover is open to everyone: the policy's answer for this
  // caller on any service. A user's own request without a resourceRef is refused by the
  // permission backend, so the frontend cannot ask this itself; the plugin asks on its behalf.
  router.get('/failover/access', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: multicloudFailoverExecutePermission }],
      { credentials },
    );
    res.json({ result: decision.result });
  });

  const base = '/services/:kind/:namespace/:name';

  router.get(`${base}/status`, async (req, res) => {
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    sendStatus(req, res, await statuses.getBody(provider, service));
  });

  router.get(`${base}/metrics`, async (req, res) => {
    const range = String(req.query.range ?? '1h');
    if (!(METRIC_RANGES as readonly string[]).includes(range))
      throw new InputError(`range must be one of ${METRIC_RANGES.join(', ')}`);
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    const cacheKey = `metrics:${provider.name}:${service.serviceId}:${range}`;
    const cached = (await cache.get(cacheKey)) as unknown as
      | MetricsResponse
      | undefined;
    if (cached) {
      res.json({ ...cached, entityRef: service.entityRef });
      return;
    }
    const series = await provider.metrics.getSeries(
      service,
      range as MetricsResponse['range'],
    );
    const response: MetricsResponse = {
      entityRef: service.entityRef,
      range: range as MetricsResponse['range'],
      stepSeconds: series.stepSeconds,
      cloudInfo: [...provider.clouds],
      clouds: series.clouds,
      events: series.events ?? [],
    };
    await cache.set(cacheKey, response as never, { ttl: METRICS_TTL_MS });
    res.json(response);
  });

  router.post(`${base}/failover/plan`, json, async (req, res) => {
    const request = parseFailoverRequest(req.body, false);
    const { entity, service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    res.json(
      await options.failovers.plan(
        {
          provider,
          service,
          serviceName: entity.metadata.name,
          gitops: gitOpsTargetOf(publishers, entity),
        },
        request,
      ),
    );
  });

  router.post(`${base}/failover`, json, async (req, res) => {
    const request = parseFailoverRequest(req.body, true);
    const { credentials, entity, service, provider } = await resolve(
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
    const result = await options.failovers.execute({
      provider,
      service,
      serviceName: entity.metadata.name,
      gitops: gitOpsTargetOf(publishers, entity),
      request,
      actor: actorOf(credentials),
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

  router.get(`${base}/failover/history`, async (req, res) => {
    const { service } = await resolve(req, multicloudStatusReadPermission);
    res.json({
      items: await options.failovers.history(service.entityRef),
    });
  });

  router.get(`${base}/failover/:id`, async (req, res) => {
    const { service } = await resolve(req, multicloudStatusReadPermission);
    const record = await options.failovers.get(
      service.entityRef,
      req.params.id,
    );
    if (!record)
      throw new NotFoundError(
        `no failover ${req.params.id} of ${service.entityRef}`,
      );
    res.json(record);
  });

  // Commits again the weights of a finished failover whose commit failed: the same permission
  // as a failover, since it changes the service's repository.
  router.post(`${base}/failover/:id/commit`, async (req, res) => {
    const { credentials, entity, service, provider } = await resolve(
      req,
      multicloudFailoverExecutePermission,
    );
    res.json(
      await options.failovers.retryCommit(
        {
          provider,
          service,
          serviceName: entity.metadata.name,
          gitops: gitOpsTargetOf(publishers, entity),
        },
        req.params.id,
        { actor: actorOf(credentials), httpRequest: req },
      ),
    );
  });

  // Keys and reasons only, no payloads: what anyone who may read the status may see.
  router.get(`${base}/dlq/:cloud`, async (req, res) => {
    const cloud = req.params.cloud;
    if (!(CLOUDS as readonly string[]).includes(cloud))
      throw new InputError(`cloud must be one of ${CLOUDS.join(', ')}`);
    const { service, provider } = await resolve(
      req,
      multicloudStatusReadPermission,
    );
    const letters = await provider.replication.listDeadLetters(
      service,
      cloud as CloudId,
      DEAD_LETTER_LIST_MAX,
    );
    res.json({ cloud, letters });
  });

  router.post(`${base}/dlq/:cloud/replay`, json, async (req, res) => {
    const cloud = req.params.cloud;
    if (!(CLOUDS as readonly string[]).includes(cloud))
      throw new InputError(`cloud must be one of ${CLOUDS.join(', ')}`);
    const { service, provider } = await resolve(
      req,
      multicloudDlqReplayPermission,
      async error => {
        const event = await auditor.createEvent({
          eventId: 'dlq-replay',
          severityLevel: 'medium',
          request: req,
          meta: { cloud },
        });
        await event.fail({ error });
      },
    );
    const event = await auditor.createEvent({
      eventId: 'dlq-replay',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: service.entityRef, cloud },
    });
    try {
      const result = await provider.replication.replayDeadLetters(
        service,
        cloud as CloudId,
      );
      await event.success({
        meta: { replayed: result.replayed, remaining: result.remaining },
      });
      await statuses.invalidate(provider, service);
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
