import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type express from 'express';
import { locateService } from '../discovery';
import type { EntityLookup } from '../EntityLookup';
import { ReadDecisions } from '../ReadDecisions';
import type { MulticloudProvider, ServiceLocation } from '../providers/types';

/** The service a route names, once the caller may use it, and its provider. */
export interface Resolved {
  credentials: BackstageCredentials;
  entity: Entity;
  service: ServiceLocation;
  provider: MulticloudProvider;
}

/**
 * Finds the entity of a `/services/:kind/:namespace/:name/...` route after the permission check,
 * and its provider; `onDenied` runs before the 403 (to audit a refused action).
 */
export type Resolve = (
  req: express.Request,
  permission: ResourcePermission<'catalog-entity'>,
  onDenied?: (error: Error) => Promise<void>,
) => Promise<Resolved>;

export function createResolve(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  entities: EntityLookup;
  /** Providers by name (the `multicloud.io/provider` annotation). */
  providers: Map<string, MulticloudProvider>;
}): Resolve {
  const { httpAuth, permissions, entities, providers } = options;
  const decisions = new ReadDecisions({ permissions });
  return async (req, permission, onDenied) => {
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
  };
}

/** The routes of one service, relative to the plugin's base URL. */
export const SERVICE_PATH = '/services/:kind/:namespace/:name';
