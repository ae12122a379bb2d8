/**
 * The multi-cloud plugin for Backstage's new frontend system (its default export) and its
 * extensions: the API, the overview card and the two entity tabs.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  isMulticloudEntity,
  MulticloudClient,
} from '@multicloud/backstage-plugin-multicloud-common';
import { multicloudApiRef } from '../api';

/**
 * The multi-cloud backend's client as the app's API.
 *
 * @alpha
 */
export const multicloudApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: multicloudApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MulticloudClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The overview card of a multi-cloud service, on entities with the service-id annotation.
 *
 * @alpha
 */
export const multicloudCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isMulticloudEntity,
    loader: () =>
      import('../components/MulticloudCard').then(m => <m.MulticloudCard />),
  },
});

/**
 * The Multi-cloud tab: per-cloud panels, weights, failover and history.
 *
 * @alpha
 */
export const multicloudContent = EntityContentBlueprint.make({
  name: 'multicloud',
  params: {
    path: 'multicloud',
    title: 'Multi-cloud',
    filter: isMulticloudEntity,
    loader: () =>
      import('../components/MulticloudContent/MulticloudContent').then(m => (
        <m.MulticloudContent />
      )),
  },
});

/**
 * The Observability tab: time-series charts per cloud.
 *
 * @alpha
 */
export const observabilityContent = EntityContentBlueprint.make({
  name: 'observability',
  params: {
    path: 'observability',
    title: 'Observability',
    filter: isMulticloudEntity,
    loader: () =>
      import('../components/ObservabilityContent/ObservabilityContent').then(
        m => <m.ObservabilityContent />,
      ),
  },
});

/**
 * The template form's service name field (`ui:field: MulticloudServiceName`).
 *
 * @alpha
 */
export const serviceNameFormField = FormFieldBlueprint.make({
  name: 'service-name',
  params: {
    field: () =>
      import('../scaffolder/ServiceNameField').then(m =>
        createFormField({
          name: m.SERVICE_NAME_FIELD,
          component: m.ServiceNameField,
          validation: m.validateServiceName,
        }),
      ),
  },
});

/**
 * The multi-cloud plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'multicloud',
  extensions: [
    multicloudApi,
    multicloudCard,
    multicloudContent,
    observabilityContent,
    serviceNameFormField,
  ],
});
