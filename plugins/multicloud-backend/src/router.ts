import type {
  AuditorService,
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { EntityLookup } from './EntityLookup';
import type { FailoverService } from './failover/FailoverService';
import type { GitOpsPublisher } from './gitops/GitOpsPublisher';
import type { MulticloudProvider } from './providers/types';
import { accessRoutes } from './routes/accessRoutes';
import { deadLetterRoutes } from './routes/deadLetterRoutes';
import { failoverRoutes } from './routes/failoverRoutes';
import { createResolve } from './routes/resolve';
import { statusRoutes } from './routes/statusRoutes';
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
}

/** The plugin's HTTP API (routes listed in the common package's `api/types.ts`), by concern. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, auditor, statuses } = options;
  const router = Router();
  // Only the POST routes take a body; the GET routes (the portal's polls) skip the parser.
  const json = express.json();
  const resolve = createResolve({
    httpAuth,
    permissions,
    entities: new EntityLookup({ catalog }),
    providers: options.providers,
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(accessRoutes({ httpAuth, permissions }));
  router.use(statusRoutes({ resolve, statuses, cache: options.cache }));
  router.use(
    failoverRoutes({
      resolve,
      failovers: options.failovers,
      auditor,
      publishers: options.publishers ?? [],
      json,
    }),
  );
  router.use(deadLetterRoutes({ resolve, statuses, auditor, json }));
  return router;
}
