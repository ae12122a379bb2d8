import {
  createComponentExtension,
  createPlugin,
} from '@backstage/core-plugin-api';

/** The multi-cloud frontend plugin. */
export const multicloudPlugin = createPlugin({
  id: 'multicloud',
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
