import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityMulticloudCard, multicloudPlugin } from '../src';

const exampleService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: {
      'multicloud.io/service-id': 'orders',
      'multicloud.io/provider': 'sandbox',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

createDevApp()
  .registerPlugin(multicloudPlugin)
  .addPage({
    path: '/multicloud',
    title: 'Multi-cloud',
    element: (
      <EntityProvider entity={exampleService}>
        <EntityMulticloudCard />
      </EntityProvider>
    ),
  })
  .render();
