import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog register `file` locations as well as `url` ones: services the template
 * publishes to the sandbox's local git server are registered from a checkout on this machine.
 * A portal that publishes only to GitHub does not need this module.
 */
export const localFileLocationsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
