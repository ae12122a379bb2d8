import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { multicloudPlugin } from '@multicloud/backstage-plugin-multicloud-backend/src/plugin';
import { threeCloudsProviderModule } from './readmeProviderModule';

const readme = join(__dirname, '../../../../plugins/multicloud-node/README.md');

describe("the provider module of the -node package's README", () => {
  it('is this compiled file, word for word', () => {
    const [block] = /```ts\n([\s\S]*?)```/
      .exec(readFileSync(readme, 'utf8'))!
      .slice(1);
    expect(block).toBe(
      readFileSync(join(__dirname, 'readmeProviderModule.ts'), 'utf8'),
    );
  });

  it('adds its clouds to a service that names it, as the README says', async () => {
    const { server } = await startTestBackend({
      features: [
        multicloudPlugin,
        threeCloudsProviderModule,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'orders',
                namespace: 'default',
                annotations: {
                  'multicloud.io/service-id': 'orders',
                  'multicloud.io/provider': 'three-clouds',
                  'multicloud.io/gcp-account': 'my-project',
                  'multicloud.io/gcp-region': 'europe-west1',
                },
              },
              spec: { type: 'service', owner: 'team-a' },
            },
          ],
        }),
        mockServices.rootConfig.factory({ data: {} }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actionsRegistryServiceMock(),
        }),
      ],
    });
    const { body } = await request(server).get(
      '/api/multicloud/services/component/default/orders/status',
    );
    expect(body.cloudInfo.map((c: { id: string }) => c.id)).toEqual([
      'aws',
      'azure',
      'gcp',
    ]);
    expect(body.clouds[2]).toMatchObject({
      cloud: 'gcp',
      ok: true,
      data: { region: 'europe-west1', weight: 0 },
    });
  });
});
