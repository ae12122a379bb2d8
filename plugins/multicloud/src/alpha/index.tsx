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

export const multicloudApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: multicloudApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MulticloudClient({ discoveryApi, fetchApi }),
    }),
});

export const multicloudCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isMulticloudEntity,
    loader: () =>
      import('../components/MulticloudCard').then(m => <m.MulticloudCard />),
  },
});

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

/** The template form's service name field (`ui:field: MulticloudServiceName`). */
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

/** The multi-cloud plugin for the new frontend system. */
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
