import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MulticloudClient } from '@multicloud/backstage-plugin-multicloud-common';
import { multicloudApiRef } from './api';

/** The multi-cloud frontend plugin. */
export const multicloudPlugin = createPlugin({
  id: 'multicloud',
  apis: [
    createApiFactory({
      api: multicloudApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MulticloudClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The overview card of a multi-cloud service: each cloud's health, weight and replication lag. */
export const EntityMulticloudCard = multicloudPlugin.provide(
  createComponentExtension({
    name: 'EntityMulticloudCard',
    component: {
      lazy: () =>
        import('./components/MulticloudCard').then(m => m.MulticloudCard),
    },
  }),
);
