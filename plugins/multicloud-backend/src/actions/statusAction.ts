import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { multicloudStatusReadPermission } from '@multicloud/backstage-plugin-multicloud-common';
import { locateService } from '../discovery';
import type { MulticloudProvider } from '../providers/types';
import type { StatusService } from '../status/StatusService';

/**
 * Read-only status through the actions registry, so MCP clients and other agents can ask
 * "is orders healthy on every cloud?" with the caller's own permissions.
 */
export function registerStatusAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  permissions: PermissionsService;
  providers: Map<string, MulticloudProvider>;
  statuses: StatusService;
}) {
  const { actionsRegistry, catalog, permissions, providers, statuses } =
    options;
  actionsRegistry.register({
    name: 'get-multicloud-service-status',
    title: 'Multi-cloud service status',
    description:
      'Health, traffic weight, request figures, replication lag and queue depths of each cloud of a multi-cloud service in the catalog (AWS, Azure, or the clouds of the provider a module adds).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The catalog entity, e.g. component:default/orders'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          serviceId: z.string(),
          provider: z.string(),
          clouds: z
            .array(z.record(z.unknown()))
            .describe(
              'One entry per cloud: { cloud, ok: true, data } or { cloud, ok: false, error }',
            ),
          fetchedAt: z.string(),
        }),
    },
    examples: [
      {
        title: 'Status of the orders service',
        input: { entityRef: 'component:default/orders' },
      },
    ],
    action: async ({ input, credentials }) => {
      const [decision] = await permissions.authorize(
        [
          {
            permission: multicloudStatusReadPermission,
            resourceRef: input.entityRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW)
        throw new NotAllowedError(
          `you are not allowed to read the status of ${input.entityRef}`,
        );
      const entity = await catalog.getEntityByRef(input.entityRef, {
        credentials,
      });
      if (!entity)
        throw new NotFoundError(`no entity ${input.entityRef} in the catalog`);
      const service = locateService(entity);
      const provider = providers.get(service.provider);
      if (!provider)
        throw new NotFoundError(
          `the provider "${service.provider}" is not configured`,
        );
      const status = await statuses.get(provider, service);
      return {
        output: {
          ...status,
          clouds: status.clouds as unknown as Record<string, unknown>[],
        },
      };
    },
  });
}
