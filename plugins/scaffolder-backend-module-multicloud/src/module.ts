import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateServiceNameAction } from './actions/validateServiceName';

/** Registers the multi-cloud scaffolder actions. */
export const scaffolderModuleMulticloud = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multicloud',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createValidateServiceNameAction());
      },
    });
  },
});
