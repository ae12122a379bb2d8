import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { isAbsolute, resolve } from 'node:path';
import { createFailoverAction } from './actions/failover';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createSandboxDeployAction } from './actions/sandboxDeploy';
import { createValidateServiceNameAction } from './actions/validateServiceName';
import {
  catalogPlace,
  gitServerPlace,
  sandboxPlace,
  ServiceNameChecker,
} from './names/ServiceNameChecker';
import { createServiceNamesRouter } from './names/serviceNamesRouter';
import {
  createRepositoriesRouter,
  REPOSITORIES_PATH,
} from './repos/repositoriesRouter';

/** Registers the multi-cloud scaffolder actions, and the name check the template form asks. */
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
        httpRouter: coreServices.httpRouter,
      },
      async init({ scaffolder, auth, discovery, config, catalog, httpRouter }) {
        const configured =
          config.getOptionalString('multicloud.publishLocal.baseDir') ??
          '.sandbox-data/git';
        const gitDir = isAbsolute(configured)
          ? configured
          : resolve(process.cwd(), configured);
        const sandboxBaseUrl = config.getOptionalString(
          'multicloud.sandbox.baseUrl',
        );
        const checker = new ServiceNameChecker([
          catalogPlace({ catalog, auth }),
          gitServerPlace({ baseDir: gitDir }),
          ...(sandboxBaseUrl
            ? [sandboxPlace({ baseUrl: sandboxBaseUrl })]
            : []),
        ]);
        scaffolder.addActions(createValidateServiceNameAction({ checker }));
        scaffolder.addActions(createFailoverAction({ auth, discovery }));
        scaffolder.addActions(
          createPublishLocalAction({
            baseDir: gitDir,
            browseBaseUrl: `${await discovery.getExternalBaseUrl(
              'scaffolder',
            )}${REPOSITORIES_PATH}`,
          }),
        );
        scaffolder.addActions(createRegisterLocalAction({ catalog }));
        scaffolder.addActions(createSandboxDeployAction({ sandboxBaseUrl }));
        // Mounted under the scaffolder's own API (/api/scaffolder/multicloud/...), behind its
        // default auth policy: only signed-in users and services may ask.
        httpRouter.use(createServiceNamesRouter(checker));
        httpRouter.use(createRepositoriesRouter({ baseDir: gitDir }));
        // A link opened in a new tab carries no Backstage token. The pages are read-only and
        // show only what the template generated into the sandbox's local git server.
        httpRouter.addAuthPolicy({
          path: REPOSITORIES_PATH,
          allow: 'unauthenticated',
        });
      },
    });
  },
});
