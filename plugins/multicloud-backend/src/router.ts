import type {
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getMulticloudServiceId,
  MULTICLOUD_ANNOTATIONS,
  multicloudStatusReadPermission,
  type ServiceStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import express from 'express';
import Router from 'express-promise-router';
import type { StatusSource } from './providers/StatusSource';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  cache: CacheService;
  /** Status sources by provider name (the `multicloud.io/provider` annotation). */
  sources: Map<string, StatusSource>;
}

const STATUS_TTL_MS = 5_000;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, cache, sources } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/services/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const [decision] = await permissions.authorize(
      [{ permission: multicloudStatusReadPermission, resourceRef: entityRef }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `not allowed to read the status of ${entityRef}`,
      );
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`no entity ${entityRef} in the catalog`);
    const serviceId = getMulticloudServiceId(entity);
    if (!serviceId)
      throw new InputError(
        `${entityRef} is not a multi-cloud service: add the annotation ${MULTICLOUD_ANNOTATIONS.serviceId}`,
      );
    const providerName =
      entity.metadata.annotations?.[MULTICLOUD_ANNOTATIONS.provider] ??
      'sandbox';
    const source = sources.get(providerName);
    if (!source) {
      throw new InputError(
        `${entityRef} names the provider "${providerName}", which is not configured; configured: ${
          [...sources.keys()].join(', ') || 'none'
        }`,
      );
    }
    // Many viewers of one service cost one upstream read every few seconds.
    const cacheKey = `status:${providerName}:${serviceId}`;
    const cached = (await cache.get(cacheKey)) as unknown as
      | ServiceStatus
      | undefined;
    if (cached) {
      res.json({ ...cached, entityRef });
      return;
    }
    const status: ServiceStatus = {
      entityRef,
      serviceId,
      provider: providerName,
      clouds: await source.getStatus(serviceId),
      fetchedAt: new Date().toISOString(),
    };
    await cache.set(cacheKey, status as never, { ttl: STATUS_TTL_MS });
    res.json(status);
  });

  return router;
}
