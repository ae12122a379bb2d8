import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from './startSandbox';

const ports = { router: 0, control: 0, aws: 0, azure: 0 };
const json = { 'content-type': 'application/json' };

async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('the sandbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
  let sandbox: RunningSandbox;
  const control = (path: string, init?: RequestInit) =>
    fetch(`${sandbox.controlUrl}${path}`, init);
  const region = (name: 'aws' | 'azure') =>
    sandbox.services.get('orders')!.regions[name].url;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir, ports, healthIntervalMs: 200 });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('replicates a write through the router to both clouds, both ways', async () => {
    const put = await fetch(`${sandbox.routerUrl}/items/order-1`, {
      method: 'PUT',
      headers: json,
      body: '{"total":42}',
    });
    expect(put.status).toBe(200);
    const wroteTo = put.headers.get('x-sandbox-region');
    expect(['aws', 'azure']).toContain(wroteTo);
    for (const r of ['aws', 'azure'] as const) {
      const got = await eventually(
        () => fetch(`${region(r)}/items/order-1`),
        res => res.status === 200,
      );
      expect(await got.json()).toMatchObject({
        data: { total: 42 },
        region: wroteTo,
      });
    }
    await fetch(`${region('azure')}/items/from-azure`, {
      method: 'PUT',
      headers: json,
      body: '{"n":1}',
    });
    await fetch(`${region('aws')}/items/from-aws`, {
      method: 'PUT',
      headers: json,
      body: '{"n":2}',
    });
    const onAzure = await eventually(
      () => fetch(`${region('azure')}/items/from-aws`),
      res => res.status === 200,
    );
    expect(onAzure.status).toBe(200);
    const onAws = await eventually(
      () => fetch(`${region('aws')}/items/from-azure`),
      res => res.status === 200,
    );
    expect(onAws.status).toBe(200);
    const status = await (await control('/api/services/orders/status')).json();
    expect(status.regions.aws.replicationLag.currentMs).toEqual(
      expect.any(Number),
    );
    expect(status.regions.azure.replicationLag.currentMs).toEqual(
      expect.any(Number),
    );
  }, 30_000);

  it('refuses bad weights with a reason and changes nothing', async () => {
    const bad = await control('/api/services/orders/weights', {
      method: 'PUT',
      headers: json,
      body: '{"aws":70,"azure":70}',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/add up to 100/);
    expect(
      await (await control('/api/services/orders/weights')).json(),
    ).toEqual({ aws: 50, azure: 50 });
    expect(
      (
        await control('/api/services/orders/regions/gcp/chaos', {
          method: 'POST',
          headers: json,
          body: '{"mode":"down"}',
        })
      ).status,
    ).toBe(404);
    expect((await control('/api/services/nope/status')).status).toBe(404);
  });

  it('stops routing to a region that is down and routes back when it returns', async () => {
    await control('/api/services/orders/regions/aws/chaos', {
      method: 'POST',
      headers: json,
      body: '{"mode":"down"}',
    });
    const down = await eventually(
      async () =>
        (
          await (await control('/api/services/orders/status')).json()
        ).regions.aws.health,
      h => h === 'unhealthy',
    );
    expect(down).toBe('unhealthy');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${sandbox.routerUrl}/whoami`)),
    );
    expect(answers.map(a => a.headers.get('x-sandbox-region'))).toEqual(
      Array(10).fill('azure'),
    );
    await fetch(`${sandbox.routerUrl}/items/during-outage`, {
      method: 'PUT',
      headers: json,
      body: '{}',
    });
    await control('/api/services/orders/regions/aws/chaos', {
      method: 'POST',
      headers: json,
      body: '{"mode":"none"}',
    });
    const caughtUp = await eventually(
      () => fetch(`${region('aws')}/items/during-outage`),
      res => res.status === 200,
    );
    expect(caughtUp.status).toBe(200);
  }, 30_000);

  it('keeps every acknowledged write across a restart', async () => {
    await fetch(`${sandbox.routerUrl}/items/durable`, {
      method: 'PUT',
      headers: json,
      body: '{"kept":true}',
    });
    await eventually(
      () => fetch(`${region('aws')}/items/durable`),
      res => res.status === 200,
    );
    await eventually(
      () => fetch(`${region('azure')}/items/durable`),
      res => res.status === 200,
    );
    await sandbox.stop();
    sandbox = await startSandbox({ dataDir, ports, healthIntervalMs: 200 });
    for (const r of ['aws', 'azure'] as const) {
      for (const key of ['order-1', 'from-azure', 'during-outage', 'durable']) {
        expect({
          r,
          key,
          status: (await fetch(`${region(r)}/items/${key}`)).status,
        }).toEqual({ r, key, status: 200 });
      }
    }
  }, 60_000);
});
