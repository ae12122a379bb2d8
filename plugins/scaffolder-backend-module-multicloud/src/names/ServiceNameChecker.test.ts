import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  catalogPlace,
  gitServerPlace,
  sandboxPlace,
  ServiceNameChecker,
} from './ServiceNameChecker';

const component = (name: string, serviceId?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: serviceId
      ? { 'multicloud.io/service-id': serviceId }
      : ({} as Record<string, string>),
  },
  spec: {},
});

/** A stand-in of the sandbox's `GET /api/services`, answering with the given ids. */
async function sandboxOf(ids: string[], status = 200) {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ services: ids.map(id => ({ id })) }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

describe('ServiceNameChecker', () => {
  let gitDir: string;
  let sandbox: { server: Server; url: string };
  let checker: ServiceNameChecker;

  beforeEach(async () => {
    gitDir = mkdtempSync(join(tmpdir(), 'names-'));
    mkdirSync(join(gitDir, 'billing.git'));
    sandbox = await sandboxOf(['orders', 'shipping']);
    checker = new ServiceNameChecker([
      catalogPlace({
        catalog: catalogServiceMock({
          entities: [
            component('orders', 'orders'),
            component('legacy', 'stock'),
          ],
        }),
        auth: mockServices.auth(),
      }),
      gitServerPlace({ baseDir: gitDir }),
      sandboxPlace({ baseUrl: sandbox.url }),
    ]);
  });
  afterEach(() => sandbox.server.close());

  it('refuses a name the catalog, the sandbox and the git server use, saying where', async () => {
    const result = await checker.check('orders');
    expect(result.available).toBe(false);
    expect(result.problems).toEqual([
      'The catalog already has component:default/orders.',
      'The sandbox already runs a service called orders.',
      'Choose another name.',
    ]);
  });

  it('refuses a name only the sandbox uses', async () => {
    expect((await checker.check('shipping')).problems).toEqual([
      'The sandbox already runs a service called shipping.',
      'Choose another name.',
    ]);
  });

  it('refuses a name only the local git server has a repository of', async () => {
    expect((await checker.check('billing')).problems).toEqual([
      'The local git server already has a repository billing.git.',
      'Choose another name.',
    ]);
  });

  it('refuses a name another entity carries as its service id', async () => {
    expect((await checker.check('stock')).problems[0]).toBe(
      'The catalog already has component:default/legacy.',
    );
  });

  it('accepts a name nobody uses', async () => {
    expect(await checker.check('payments')).toEqual({
      name: 'payments',
      available: true,
      problems: [],
      unchecked: [],
    });
  });

  it('says what breaks the naming rules without asking anybody', async () => {
    const asked = jest.fn();
    const rulesOnly = new ServiceNameChecker([
      { label: 'a place', usedBy: async n => asked(n) },
    ]);
    expect(await rulesOnly.check('Orders_')).toEqual({
      name: 'Orders_',
      available: false,
      problems: [
        'Use lower-case letters only: orders_.',
        'Use only letters, digits and dashes, not "_".',
      ],
      unchecked: [],
    });
    expect(asked).not.toHaveBeenCalled();
  });

  it('reports a sandbox that does not answer as unchecked, without blocking', async () => {
    const down = await sandboxOf([], 503);
    try {
      const result = await new ServiceNameChecker([
        sandboxPlace({ baseUrl: down.url }),
      ]).check('payments');
      expect(result.available).toBe(true);
      expect(result.unchecked).toEqual([
        'the sandbox (the sandbox answered 503)',
      ]);
    } finally {
      down.server.close();
    }
  });
});
