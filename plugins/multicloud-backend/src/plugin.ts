import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { multicloudPermissions } from '@multicloud/backstage-plugin-multicloud-common';
import { SandboxStatusSource } from './providers/sandbox/SandboxStatusSource';
import type { StatusSource } from './providers/StatusSource';
import { createRouter } from './router';

/** The multi-cloud backend plugin: status, metrics, failover and replay of multi-cloud services. */
export const multicloudPlugin = createBackendPlugin({
  pluginId: 'multicloud',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        logger,
        permissions,
        permissionsRegistry,
        cache,
        catalog,
      }) {
        permissionsRegistry.addPermissions(multicloudPermissions);
        const sources = new Map<string, StatusSource>();
        const sandboxUrl = config.getOptionalString(
          'multicloud.sandbox.baseUrl',
        );
        if (sandboxUrl)
          sources.set('sandbox', new SandboxStatusSource(sandboxUrl));
        logger.info(
          `multi-cloud providers: ${
            [...sources.keys()].join(', ') || 'none configured'
          }`,
        );
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            catalog,
            cache,
            sources,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
