import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import multicloudScaffolderModule from '@multicloud/backstage-plugin-scaffolder-backend-module-multicloud';
import type { RunningSandbox } from '@multicloud/sandbox';
import request from 'supertest';
import { multicloudPlugin } from '@multicloud/backstage-plugin-multicloud-backend/src/plugin';
import { publishedRepo } from '@multicloud/backstage-plugin-multicloud-backend/src/gitops/__testUtils__/localRepo';
import { startTestSandbox, stopTestSandbox } from '../testSandbox';

/**
 * The GitOps loop through the plugin's HTTP API: a failover of a service scaffolded to the
 * sandbox's git commits to its bare repository, a refused push leaves the failover done and is
 * retried, and the history's link opens the commit on the scaffolder module's repository pages.
 */
describe('multicloudPlugin GitOps on the sandbox git', () => {
  let sandbox: RunningSandbox;
  let repo: ReturnType<typeof publishedRepo>;
  beforeAll(async () => {
    sandbox = await startTestSandbox('backend-gitops');
    repo = publishedRepo('payments');
  }, 60_000);
  afterAll(async () => {
    await stopTestSandbox(sandbox);
    repo?.cleanup();
  });

  function backend() {
    return startTestBackend({
      features: [
        multicloudPlugin,
        // The history links the commit to the scaffolder module's page of it.
        scaffolderPlugin,
        multicloudScaffolderModule,
        catalogServiceMock.factory({
          entities: [
            {
              ...repo.entity,
              metadata: {
                ...repo.entity.metadata,
                namespace: 'default',
                annotations: {
                  ...repo.entity.metadata.annotations,
                  // The sandbox runs one service, orders; this entity stands for it.
                  'multicloud.io/service-id': 'orders',
                  'multicloud.io/provider': 'sandbox',
                },
              },
              spec: {
                type: 'service',
                owner: 'team-a',
                lifecycle: 'production',
              },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              // The user the test backend's requests come from (mockCredentials.user()).
              metadata: { name: 'mock', namespace: 'default' },
              spec: {
                profile: {
                  displayName: 'Mock Person',
                  email: 'mock@example.com',
                },
                memberOf: [],
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            multicloud: {
              sandbox: { baseUrl: sandbox.controlUrl },
              failover: { verifyTimeoutSeconds: 10 },
              publishLocal: { baseDir: repo.baseDir },
            },
          },
        }),
      ],
    });
  }

  const svc = '/api/multicloud/services/component/default/payments';

  it('commits the weights of a failover, keeps a refused commit as a done failover, and retries it', async () => {
    const { server } = await backend();
    const plan = await request(server)
      .post(`${svc}/failover/plan`)
      .send({ target: 'azure', reason: '' });
    expect(plan.body.gitops.repository).toBe('payments.git');

    const allowPushes = repo.refusePushes('main is protected');
    const started = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'azure', reason: 'AWS degraded' });
    expect(started.status).toBe(202);
    let record = started.body;
    for (let i = 0; i < 100 && record.outcome === 'running'; i++) {
      await new Promise(r => setTimeout(r, 100));
      record = (await request(server).get(`${svc}/failover/${record.id}`)).body;
    }
    expect(record.outcome).toBe('succeeded');
    expect(record.commit).toMatchObject({
      state: 'failed',
      repository: 'payments.git',
    });
    expect(record.commit.error).toMatch(/main is protected/);
    expect(repo.log()).toHaveLength(1);

    allowPushes();
    const retried = await request(server).post(
      `${svc}/failover/${record.id}/commit`,
    );
    expect(retried.status).toBe(200);
    expect(retried.body.commit).toMatchObject({
      state: 'committed',
      kind: 'commit',
    });
    expect(repo.log()[0]).toBe(
      'Mock Person <mock@example.com>|Traffic of payments: AWS 0% / Azure 100%',
    );

    const again = await request(server).post(
      `${svc}/failover/${record.id}/commit`,
    );
    expect(again.status).toBe(409);

    // The history's link: the scaffolder module's read-only page of the commit.
    const link = new URL(retried.body.commit.url);
    expect(link.pathname).toBe(
      `/api/scaffolder/multicloud/repos/payments/commits/${retried.body.commit.sha}`,
    );
    const shown = await request(server).get(link.pathname);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Mock Person &lt;mock@example.com&gt;');
    expect(shown.text).toContain('+    &quot;azure&quot;: 100');
    expect(
      (
        await request(server).get(
          '/api/scaffolder/multicloud/repos/payments/commits/HEAD',
        )
      ).status,
    ).toBe(404);

    await fetch(`${sandbox.controlUrl}/api/services/orders/weights`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aws: 50, azure: 50 }),
    });
  }, 60_000);
});
