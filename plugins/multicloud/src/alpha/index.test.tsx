import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { multicloudApiRef } from '../api';
import {
  mockMulticloudApi,
  ordersEntity,
} from '../components/__testUtils__/fixtures';
import plugin, {
  multicloudCard,
  multicloudContent,
  observabilityContent,
} from './index';

describe('the /alpha plugin for the new frontend system', () => {
  it('mounts the tabs at multicloud and observability', () => {
    expect(
      createExtensionTester(multicloudContent).get(coreExtensionData.routePath),
    ).toBe('multicloud');
    expect(
      createExtensionTester(observabilityContent).get(
        coreExtensionData.routePath,
      ),
    ).toBe('observability');
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
  });

  it('renders the overview card of a multi-cloud entity', async () => {
    const element = createExtensionTester(multicloudCard).reactElement();
    renderInTestApp(
      <TestApiProvider apis={[[multicloudApiRef, mockMulticloudApi()]]}>
        <EntityProvider entity={ordersEntity()}>{element}</EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Multi-cloud')).toBeInTheDocument();
    expect(await screen.findByText('AWS')).toBeInTheDocument();
  });
});
