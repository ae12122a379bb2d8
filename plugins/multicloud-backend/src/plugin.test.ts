import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startSandbox, type RunningSandbox } from '@multicloud/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { multicloudPlugin } from './plugin';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'multicloud.io/service-id': 'orders',
        'multicloud.io/provider': 'sandbox',
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'plain', namespace: 'default' },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
];

function backend(
  sandboxUrl: string,
  permissions = mockServices.permissions.factory(),
) {
  return startTestBackend({
    features: [
      multicloudPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: { multicloud: { sandbox: { baseUrl: sandboxUrl } } },
      }),
      permissions,
    ],
  });
}

describe('multicloudPlugin', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'backend-sandbox-'));
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      dataDir,
      ports: { router: 0, control: 0, aws: 0, azure: 0 },
      healthIntervalMs: 200,
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers its health check without credentials', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const response = await request(server).get('/api/multicloud/health');
    expect(response.status).toBe(200);
  });

  it('reads both clouds of a sandbox service from the real sandbox', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const response = await request(server).get(
      '/api/multicloud/services/component/default/orders/status',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      entityRef: 'component:default/orders',
      serviceId: 'orders',
      provider: 'sandbox',
    });
    expect(response.body.clouds).toEqual([
      expect.objectContaining({
        cloud: 'aws',
        ok: true,
        data: expect.objectContaining({ health: 'healthy', weight: 50 }),
      }),
      expect.objectContaining({
        cloud: 'azure',
        ok: true,
        data: expect.objectContaining({ health: 'healthy', weight: 50 }),
      }),
    ]);
  });

  it('gives each cloud an error entry, not a failed page, when the provider cannot be read', async () => {
    const { server } = await backend('http://127.0.0.1:9');
    const response = await request(server).get(
      '/api/multicloud/services/component/default/orders/status',
    );
    expect(response.status).toBe(200);
    expect(response.body.clouds.map((c: any) => [c.cloud, c.ok])).toEqual([
      ['aws', false],
      ['azure', false],
    ]);
    expect(response.body.clouds[0].error.message).toMatch(
      /could not read the sandbox/,
    );
  });

  it('says which annotation to add for an entity that is not a multi-cloud service, and 404s a missing one', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const plain = await request(server).get(
      '/api/multicloud/services/component/default/plain/status',
    );
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toMatch(/multicloud\.io\/service-id/);
    expect(
      (
        await request(server).get(
          '/api/multicloud/services/component/default/nope/status',
        )
      ).status,
    ).toBe(404);
  });

  it('answers 403 when the permission policy denies reading the status', async () => {
    const { server } = await backend(
      sandbox.controlUrl,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
    const response = await request(server).get(
      '/api/multicloud/services/component/default/orders/status',
    );
    expect(response.status).toBe(403);
  });
});
