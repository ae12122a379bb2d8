/**
 * The example portal's backend: what a platform team's Backstage backend adds to run
 * multi-cloud services. Started by the README's first command together with the sandbox.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localFileLocationsModule } from './modules/localFileLocations';
import { localUsersAuthModule } from './modules/localUsersAuth';
import { multicloudOwnerOnlyPolicyModule } from '@multicloud/backstage-plugin-multicloud-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(localUsersAuthModule);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(localFileLocationsModule);
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@multicloud/backstage-plugin-scaffolder-backend-module-multicloud'),
);
backend.add(import('@backstage/plugin-permission-backend'));
// Only a service's owners may fail it over or replay its dead letters (the plugin's policy).
backend.add(multicloudOwnerOnlyPolicyModule);
backend.add(import('@multicloud/backstage-plugin-multicloud-backend'));

backend.start();
