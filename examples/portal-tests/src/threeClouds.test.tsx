import '@testing-library/jest-dom';
import { setImmediate } from 'node:timers';
import type { AddressInfo } from 'node:net';
import { MulticloudClient } from '@multicloud/backstage-plugin-multicloud-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { configApiRef } from '@backstage/core-plugin-api';
import { Route, Routes } from 'react-router-dom';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import {
  EntityProvider,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityMulticloudContent,
  multicloudApiRef,
} from '@multicloud/backstage-plugin-multicloud';
import {
  THREE_CLOUD_ENTITY,
  THREE_CLOUD_SERVICE,
  threeCloudProvider,
  startThreeCloudBackend,
} from '@multicloud/plugin-tests/src/multicloud-backend/threeCloudProvider';

// The backend's HTTP stack runs in this jsdom window, which has no setImmediate of its own.
(globalThis as { setImmediate?: unknown }).setImmediate ??= setImmediate;

jest.setTimeout(60_000);

/**
 * The portal's status page against the shipped backend plugin, whose only addition is a module
 * that registers a provider of a third cloud through `multicloudProvidersExtensionPoint`: the
 * page learns every cloud from the backend's responses, so no frontend file names it.
 */
describe('the portal with a third cloud added by a backend module', () => {
  it('shows three clouds and plans a failover to the third from the real API', async () => {
    const { provider, state } = threeCloudProvider();
    const backend = await startThreeCloudBackend(provider);
    try {
      const { port } = backend.server.address() as AddressInfo;
      const api = new MulticloudClient({
        discoveryApi: {
          getBaseUrl: async pluginId =>
            `http://localhost:${port}/api/${pluginId}`,
        },
        fetchApi: { fetch: (...args) => fetch(...args) },
      });
      const planned = jest.spyOn(api, 'planFailover');

      // The app as an adopter wires it: the plugin's public page and API ref, the user allowed.
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [multicloudApiRef, api],
            [
              permissionApiRef,
              mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
            ],
            [configApiRef, mockApis.config()],
            [
              entityPresentationApiRef,
              DefaultEntityPresentationApi.create({
                catalogApi: catalogApiMock(),
              }),
            ],
          ]}
        >
          <EntityProvider entity={THREE_CLOUD_ENTITY}>
            {/* Where an app's entity page mounts the plugin's page. */}
            <Routes>
              <Route path="/multicloud" element={<EntityMulticloudContent />} />
            </Routes>
          </EntityProvider>
        </TestApiProvider>,
        { routeEntries: ['/multicloud'] },
      );

      const gcp = await screen.findByTestId('cloud-panel-gcp', undefined, {
        timeout: 20_000,
      });
      expect(within(gcp).getByText('Google Cloud')).toBeInTheDocument();
      expect(within(gcp).getByText('Region europe-west1')).toBeInTheDocument();
      expect(screen.getAllByTestId(/^cloud-panel-/)).toHaveLength(3);
      expect(screen.getAllByTestId(/^weights-bar-segment-/)).toHaveLength(3);

      await userEvent.click(
        screen.getByRole('button', { name: 'Fail over to Google Cloud' }),
      );
      const dialog = await screen.findByRole('dialog');
      await waitFor(() =>
        expect(planned).toHaveBeenCalledWith(
          THREE_CLOUD_SERVICE,
          expect.objectContaining({ target: 'gcp' }),
        ),
      );
      expect(
        await within(dialog).findByText(
          'Traffic after: AWS 0% · Azure 0% · Google Cloud 100%',
          undefined,
          { timeout: 20_000 },
        ),
      ).toBeInTheDocument();
      // A plan is only a plan: the routing's weights are untouched.
      expect(state.weights).toEqual({ aws: 50, azure: 50, gcp: 0 });
    } finally {
      await backend.stop();
    }
  });
});
