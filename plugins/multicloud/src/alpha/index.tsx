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

/** The multi-cloud plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'multicloud',
  extensions: [
    multicloudApi,
    multicloudCard,
    multicloudContent,
    observabilityContent,
  ],
});
