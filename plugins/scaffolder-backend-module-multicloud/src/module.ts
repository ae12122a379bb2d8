import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createFailoverAction } from './actions/failover';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createSandboxDeployAction } from './actions/sandboxDeploy';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createValidateServiceNameAction } from './actions/validateServiceName';

/**
 * Registers the multi-cloud scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleMulticloud = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multicloud',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, auth, discovery, config, catalog }) {
        scaffolder.addActions(createValidateServiceNameAction());
        scaffolder.addActions(createFailoverAction({ auth, discovery }));
        scaffolder.addActions(
          createPublishLocalAction({
            baseDir:
              config.getOptionalString('multicloud.publishLocal.baseDir') ??
              '.sandbox-data/git',
          }),
        );
        scaffolder.addActions(createRegisterLocalAction({ catalog }));
        scaffolder.addActions(
          createSandboxDeployAction({
            sandboxBaseUrl: config.getOptionalString(
              'multicloud.sandbox.baseUrl',
            ),
          }),
        );
      },
    });
  },
});
