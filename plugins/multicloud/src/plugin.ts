import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MulticloudClient } from '@multicloud/backstage-plugin-multicloud-common';
import { multicloudApiRef } from './api';
import { multicloudRouteRef, observabilityRouteRef } from './routes';

/**
 * The multi-cloud frontend plugin.
 *
 * @public
 */
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
  routes: {
    multicloud: multicloudRouteRef,
    observability: observabilityRouteRef,
  },
});

/**
 * The overview card of a multi-cloud service: each cloud's health, weight, traffic and lag.
 *
 * @public
 */
export const EntityMulticloudCard: () => JSX.Element = multicloudPlugin.provide(
  createComponentExtension({
    name: 'EntityMulticloudCard',
    component: {
      lazy: () =>
        import('./components/MulticloudCard').then(m => m.MulticloudCard),
    },
  }),
);

/**
 * The multi-cloud tab: per-cloud panels, weights, failover buttons and history.
 *
 * @public
 */
export const EntityMulticloudContent: () => JSX.Element =
  multicloudPlugin.provide(
    createRoutableExtension({
      name: 'EntityMulticloudContent',
      mountPoint: multicloudRouteRef,
      component: () =>
        import('./components/MulticloudContent/MulticloudContent').then(
          m => m.MulticloudContent,
        ),
    }),
  );

/**
 * The observability tab: time-series charts per cloud with a range picker.
 *
 * @public
 */
export const EntityMulticloudObservabilityContent: () => JSX.Element =
  multicloudPlugin.provide(
    createRoutableExtension({
      name: 'EntityMulticloudObservabilityContent',
      mountPoint: observabilityRouteRef,
      component: () =>
        import('./components/ObservabilityContent/ObservabilityContent').then(
          m => m.ObservabilityContent,
        ),
    }),
  );
