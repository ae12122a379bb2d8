import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RunningSandbox } from '@multicloud/sandbox';
import request from 'supertest';
import { multicloudPlugin } from '@multicloud/backstage-plugin-multicloud-backend/src/plugin';
import { startTestSandbox, stopTestSandbox } from '../testSandbox';

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

let actions = actionsRegistryServiceMock();

function backend(
  sandboxUrl: string,
  permissions = mockServices.permissions.factory(),
) {
  actions = actionsRegistryServiceMock();
  return startTestBackend({
    features: [
      multicloudPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          multicloud: {
            sandbox: { baseUrl: sandboxUrl },
            failover: { verifyTimeoutSeconds: 10 },
          },
        },
      }),
      permissions,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
    ],
  });
}

/** A policy that denies the given permissions and allows the rest. */
function denying(...names: string[]) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: names.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as never,
  }).factory as unknown as ReturnType<typeof mockServices.permissions.factory>;
}

const svc = '/api/multicloud/services/component/default/orders';

describe('multicloudPlugin', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox('backend-sandbox');
  }, 60_000);
  afterAll(async () => {
    await stopTestSandbox(sandbox);
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

  it('answers a poll that already has the status with a 304 and no body, after the permission check', async () => {
    const url = '/api/multicloud/services/component/default/orders/status';
    const { server } = await backend(sandbox.controlUrl);
    const first = await request(server).get(url);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w.-]+"$/);
    const again = await request(server)
      .get(url)
      .set('if-none-match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await request(server)
      .get(url)
      .set('if-none-match', '"another"');
    expect(other.status).toBe(200);
    expect(other.body).toEqual(first.body);

    const denied = await backend(
      sandbox.controlUrl,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
    const refused = await request(denied.server)
      .get(url)
      .set('if-none-match', first.headers.etag);
    expect(refused.status).toBe(403);
  });

  it('sends the status gzipped to a client that accepts it and plain to one that does not, each with its own ETag', async () => {
    const url = '/api/multicloud/services/component/default/orders/status';
    const { server } = await backend(sandbox.controlUrl);
    const zipped = await request(server)
      .get(url)
      .set('accept-encoding', 'gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    const plain = await request(server)
      .get(url)
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(zipped.body);
    expect(plain.headers.etag).not.toBe(zipped.headers.etag);
  });

  it('shows a region that is down as stale, with the traffic the router really sends and its failures counted', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const chaos = (mode: string) =>
      fetch(`${sandbox.controlUrl}/api/services/orders/regions/aws/chaos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
    const write = (i: number) =>
      fetch(`${sandbox.routerUrl}/svc/orders/items/down-${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ i }),
      }).then(r => r.status);
    try {
      await chaos('down');
      // Until the router's checks (every 200 ms here) mark AWS unhealthy, writes sent there fail.
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push(await write(i));
      await new Promise(r => setTimeout(r, 4_000));
      for (let i = 40; i < 60; i++) statuses.push(await write(i));
      const { body } = await request(server).get(`${svc}/status`);
      const [aws, azure] = body.clouds;
      expect(aws.data).toMatchObject({
        health: 'unhealthy',
        freshness: { requests: { stale: true } },
      });
      // The queues are read apart from the region: its replication figures stay live.
      expect(aws.data.freshness.replication.stale).toBe(false);
      expect(azure.data.freshness.requests.stale).toBe(false);
      // The weights say 50/50; the router sent the last writes to Azure only.
      expect(aws.data.weight).toBe(50);
      expect(azure.data.trafficShare).toBeGreaterThan(aws.data.trafficShare);
      const failed = statuses.filter(s => s === 502).length;
      expect(aws.data.failedAtRouterPerSecond).toBeCloseTo(failed / 60, 5);
      // They are AWS's errors, although AWS never saw them.
      expect(aws.data.errorRate > 0).toBe(failed > 0);
    } finally {
      await chaos('none');
    }
  }, 30_000);

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
      /could not reach the sandbox/,
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

  it('tells the portal whether the policy lets the caller fail over every service', async () => {
    const open = await backend(sandbox.controlUrl);
    expect(
      (await request(open.server).get('/api/multicloud/failover/access')).body,
    ).toEqual({ result: 'ALLOW' });
    const ownersOnly = await backend(
      sandbox.controlUrl,
      mockServices.permissions.mock({
        authorizeConditional: async requests =>
          requests.map(r => ({
            ...r,
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: [] },
            },
          })) as never,
      }).factory as unknown as ReturnType<
        typeof mockServices.permissions.factory
      >,
    );
    expect(
      (await request(ownersOnly.server).get('/api/multicloud/failover/access'))
        .body,
    ).toEqual({ result: 'CONDITIONAL' });
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

  it('serves time series of both clouds for a range, and refuses an unknown range', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const response = await request(server).get(`${svc}/metrics?range=6h`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      range: '6h',
      stepSeconds: expect.any(Number),
    });
    expect(response.body.clouds.map((c: any) => [c.cloud, c.ok])).toEqual([
      ['aws', true],
      ['azure', true],
    ]);
    expect(Object.keys(response.body.clouds[0].data.series)).toEqual(
      expect.arrayContaining([
        'requests',
        'latencyP99Ms',
        'replicationLagMs',
        'deadLetterDepth',
      ]),
    );
    const bad = await request(server).get(`${svc}/metrics?range=2y`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/1h, 6h, 24h, 7d/);
  });

  it('plans, executes, verifies and records a failover on the real sandbox router', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const plan = await request(server)
      .post(`${svc}/failover/plan`)
      .send({ target: 'azure', reason: '' });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({
      allowed: true,
      current: { aws: 50, azure: 50 },
      desired: { aws: 0, azure: 100 },
      gitops: { path: 'infra/global/weights.auto.tfvars.json' },
    });

    const noReason = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'azure' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/needs a reason/);

    const started = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'azure', reason: 'AWS degraded' });
    expect(started.status).toBe(202);
    expect(started.body.outcome).toBe('running');

    let record = started.body;
    for (let i = 0; i < 100 && record.outcome === 'running'; i++) {
      await new Promise(r => setTimeout(r, 100));
      record = (await request(server).get(`${svc}/failover/${started.body.id}`))
        .body;
    }
    expect(record.outcome).toBe('succeeded');
    const weights = await fetch(
      `${sandbox.controlUrl}/api/services/orders/weights`,
    ).then(r => r.json());
    expect(weights).toEqual({ aws: 0, azure: 100 });

    const history = await request(server).get(`${svc}/failover/history`);
    expect(history.body.items[0]).toMatchObject({
      id: started.body.id,
      outcome: 'succeeded',
    });

    // Restore the split for the tests that follow.
    const back = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'split', reason: 'restore' });
    expect(back.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const w = await fetch(
        `${sandbox.controlUrl}/api/services/orders/weights`,
      ).then(r => r.json());
      if (w.aws === 50) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(
      await fetch(`${sandbox.controlUrl}/api/services/orders/weights`).then(r =>
        r.json(),
      ),
    ).toEqual({ aws: 50, azure: 50 });
  });

  it('answers 403 to a failover or a replay the policy denies, and changes nothing', async () => {
    const { server } = await backend(
      sandbox.controlUrl,
      denying('multicloud.failover.execute', 'multicloud.dlq.replay'),
    );
    const failover = await request(server)
      .post(`${svc}/failover`)
      .send({ target: 'azure', reason: 'not mine' });
    expect(failover.status).toBe(403);
    const replay = await request(server).post(`${svc}/dlq/aws/replay`);
    expect(replay.status).toBe(403);
    expect(
      await fetch(`${sandbox.controlUrl}/api/services/orders/weights`).then(r =>
        r.json(),
      ),
    ).toEqual({ aws: 50, azure: 50 });
    // Reading stays allowed.
    expect((await request(server).get(`${svc}/failover/history`)).status).toBe(
      200,
    );
  });

  it('refuses with 409 and the reason to fail over to a cloud that is down', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const chaos = (mode: string) =>
      fetch(`${sandbox.controlUrl}/api/services/orders/regions/azure/chaos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
    await chaos('down');
    try {
      let health = 'healthy';
      for (let i = 0; i < 100 && health === 'healthy'; i++) {
        await new Promise(r => setTimeout(r, 100));
        const s = await fetch(
          `${sandbox.controlUrl}/api/services/orders/status`,
        ).then(r => r.json());
        health = s.regions.azure.health;
      }
      expect(health).toBe('unhealthy');
      const refused = await request(server)
        .post(`${svc}/failover`)
        .send({ target: 'azure', reason: 'wrong way' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/Azure is unhealthy/);
      expect(refused.body.plan.allowed).toBe(false);
    } finally {
      await chaos('none');
    }
  });

  it("replays a cloud's dead letters and refuses an unknown cloud", async () => {
    const { server } = await backend(sandbox.controlUrl);
    const replay = await request(server).post(`${svc}/dlq/azure/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({
      cloud: 'azure',
      replayed: expect.any(Number),
      remaining: 0,
    });
    expect((await request(server).post(`${svc}/dlq/gcp/replay`)).status).toBe(
      400,
    );
  });

  it('offers read-only status through the actions registry', async () => {
    await backend(sandbox.controlUrl);
    const result = await actions.invoke({
      id: 'test:get-multicloud-service-status',
      input: { entityRef: 'component:default/orders' },
    });
    expect(result.output).toMatchObject({
      serviceId: 'orders',
      clouds: [
        expect.objectContaining({ cloud: 'aws', ok: true }),
        expect.objectContaining({ cloud: 'azure', ok: true }),
      ],
    });
  });

  it('lists a poison dead letter with its reason and counts it as awaiting a person', async () => {
    const { server } = await backend(sandbox.controlUrl);
    const injected = await fetch(
      `${sandbox.controlUrl}/api/services/orders/regions/aws/poison`,
      { method: 'POST' },
    );
    expect(injected.status).toBe(202);
    const { key } = await injected.json();
    type Entry = { key: string | null; reason: string | null };
    let letters: Entry[] = [];
    for (let i = 0; i < 100 && !letters.some(l => l.key === key); i++) {
      await new Promise(r => setTimeout(r, 100));
      const list = await request(server).get(`${svc}/dlq/aws`);
      expect(list.status).toBe(200);
      letters = list.body.letters;
    }
    expect(letters.find(l => l.key === key)?.reason).toMatch(
      /ahead of the local clock, more than the allowed drift/,
    );
    // The redriver's next run (every minute), now: it leaves the letter for a person.
    await sandbox.services.get('orders')!.regions.aws.runScheduled('redrive');
    const { body } = await request(server).get(`${svc}/status`);
    const aws = body.clouds.find((c: { cloud: string }) => c.cloud === 'aws');
    expect(aws.data.deadLetters.awaitingPerson).toBeGreaterThanOrEqual(1);
    expect(aws.data.freshness.deadLetters.stale).toBe(false);
    expect((await request(server).get(`${svc}/dlq/gcp`)).status).toBe(400);
  });
});
