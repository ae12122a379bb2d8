import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityMulticloudCard,
  EntityMulticloudContent,
  EntityMulticloudObservabilityContent,
  multicloudPlugin,
} from '../src';

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
    path: '/card',
    title: 'Overview card',
    element: (
      <EntityProvider entity={exampleService}>
        <EntityMulticloudCard />
      </EntityProvider>
    ),
  })
  .addPage({
    path: '/multicloud',
    title: 'Multi-cloud',
    element: (
      <EntityProvider entity={exampleService}>
        <EntityMulticloudContent />
      </EntityProvider>
    ),
  })
  .addPage({
    path: '/observability',
    title: 'Observability',
    element: (
      <EntityProvider entity={exampleService}>
        <EntityMulticloudObservabilityContent />
      </EntityProvider>
    ),
  })
  .render();
