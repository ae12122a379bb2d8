import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MulticloudCard } from './MulticloudCard';

const entity = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
  spec: {},
});

describe('MulticloudCard', () => {
  it('tells the user which annotation to add when the entity has none', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity()}>
        <MulticloudCard />
      </EntityProvider>,
    );
    expect(screen.getByText(/multicloud\.io\/service-id/)).toBeInTheDocument();
  });

  it('names the service when the annotation is there', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity({ 'multicloud.io/service-id': 'orders' })}>
        <MulticloudCard />
      </EntityProvider>,
    );
    expect(screen.getByText('Service orders')).toBeInTheDocument();
  });
});
