import { dynamoDbClientFor } from '@multicloud/cloud-fakes';
import { DynamoDbStore, formatVersion } from '@multicloud/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../startSandbox';
import { scaledClock } from '../triggers/TriggerClock';

const json = { 'content-type': 'application/json' };

async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(error => error as T);
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached within ${timeoutMs} ms: ${String(value)}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** A sandbox whose jobs run in seconds, not minutes, and with no person anywhere. */
describe('the sandbox heals itself', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-heal-'));
  let sandbox: RunningSandbox;
  const region = (name: 'aws' | 'azure') =>
    sandbox.services.get('orders')!.regions[name].url;
  const control = (path: string, init?: RequestInit) =>
    fetch(`${sandbox.controlUrl}/api/services/orders${path}`, init);
  const status = async (name: 'aws' | 'azure') =>
    (await (await control('/status')).json()).regions[name];

  beforeAll(async () => {
    sandbox = await startSandbox({
      dataDir,
      ports: { router: 0, control: 0, aws: 0, azure: 0 },
      healthIntervalMs: 200,
      // The functions' time runs 20 times faster (Service Bus's ten deliveries of the apply, 151 s
      // of waits, take 8 s). The redriver every second, re-driving 3 s later (a real Service Bus
      // timer); the reconciler only when a test says, so each test shows one mechanism at work.
      clock: scaledClock(20),
      jobs: {
        redriveIntervalMs: 20_000,
        redriveBackoffMs: [3000, 3000, 3000],
        reconcileIntervalMs: 24 * 3_600_000,
        reconcileSettleMs: 0,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('re-drives an event a store blip dead-lettered, with no person', async () => {
    await control('/regions/azure/chaos', {
      method: 'POST',
      headers: json,
      body: '{"mode":"store-failure"}',
    });
    const put = await fetch(`${region('aws')}/items/blip-1`, {
      method: 'PUT',
      headers: json,
      body: '{"n":1}',
    });
    expect(put.status).toBe(200);
    // The apply fails each delivery after its wait: ten deliveries and it is a dead letter, which
    // the redriver may already have taken (it comes back 3 s later).
    try {
      await eventually(
        async () => ({
          waiting: (
            await (await control('/regions/azure/dlq')).json()
          ).messages,
          redriven: (await status('azure')).deadLetters.redrivenLastHour,
        }),
        ({
          waiting,
          redriven,
        }: {
          waiting: { body: string }[];
          redriven: number;
        }) => redriven > 0 || waiting.some(m => m.body.includes('blip-1')),
        45_000,
      );
    } finally {
      await control('/regions/azure/chaos', {
        method: 'POST',
        headers: json,
        body: '{"mode":"none"}',
      });
    }
    const got = await eventually(
      () => fetch(`${region('azure')}/items/blip-1`),
      res => res.status === 200,
    );
    expect(await got.json()).toMatchObject({ data: { n: 1 } });
    expect(
      (await status('azure')).deadLetters.redrivenLastHour,
    ).toBeGreaterThanOrEqual(1);
    // The redriver brought it back: no anti-entropy round has run yet.
    for (const r of ['aws', 'azure'] as const)
      expect((await status(r)).antiEntropy).toBeNull();
  }, 90_000);

  it('restores a write the other cloud never received, by anti-entropy', async () => {
    // A write from Azure that reached AWS's table but that Azure lost: no relay sends it again
    // (AWS relays only its own writes), so only the reconciler can bring it back.
    const store = new DynamoDbStore({
      client: dynamoDbClientFor(sandbox.emulators.dynalite.info.endpoint),
      tableName: 'orders-items',
    });
    const wallMs = Date.now() - 1000;
    await store.apply({
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key: 'lost-1',
      payload: { restored: true },
      timestamp: wallMs,
      version: formatVersion({ wallMs, counter: 0, region: 'azure' }),
    });
    // The round the schedule starts (every 15 minutes in the clouds), started now.
    await sandbox.services.get('orders')!.regions.aws.runScheduled('reconcile');
    const got = await eventually(
      () => fetch(`${region('azure')}/items/lost-1`),
      res => res.status === 200,
    );
    expect(await got.json()).toMatchObject({ data: { restored: true } });
    const aws = await status('aws');
    expect(aws.antiEntropy.repaired).toBeGreaterThanOrEqual(1);
    expect(
      aws.antiEntropy.diverged + (await status('azure')).antiEntropy.diverged,
    ).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('restarts a killed dynalite with its data, unhealthy meanwhile', async () => {
    const put = await fetch(`${region('aws')}/items/before-kill`, {
      method: 'PUT',
      headers: json,
      body: '{"kept":true}',
    });
    expect(put.status).toBe(200);
    const dynalite = sandbox.emulators.dynalite;
    const pid = dynalite.pid!;
    process.kill(pid, 'SIGKILL');

    await eventually(
      () => fetch(`${region('aws')}/health`),
      res => res.status === 503,
      10_000,
    );
    await eventually(
      () => status('aws'),
      (s: { health: string }) => s.health === 'unhealthy',
      10_000,
    );
    await eventually(
      () => fetch(`${region('aws')}/health`),
      res => res.status === 200,
    );
    expect(dynalite.pid).not.toBe(pid);
    expect(dynalite.restarts).toBe(1);
    expect(dynalite.healthy).toBe(true);
    const got = await fetch(`${region('aws')}/items/before-kill`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ data: { kept: true } });
  }, 60_000);

  it('restarts a killed cosmosdb-server with its containers and journal, and a killed Service Bus with its queue', async () => {
    const put = await fetch(`${region('azure')}/items/before-cosmos-kill`, {
      method: 'PUT',
      headers: json,
      body: '{"kept":"azure"}',
    });
    expect(put.status).toBe(200);
    for (const kind of ['cosmos', 'servicebus'] as const) {
      const emulator = sandbox.emulators[kind];
      const restarts = emulator.restarts;
      process.kill(emulator.pid!, 'SIGKILL');
      await eventually(
        async () => emulator.restarts,
        n => n === restarts + 1 && emulator.healthy,
      );
    }
    const got = await eventually(
      () => fetch(`${region('azure')}/items/before-cosmos-kill`),
      res => res.status === 200,
    );
    expect(await got.json()).toMatchObject({ data: { kept: 'azure' } });
    // AWS to Azure goes through the restarted Service Bus into the restarted Cosmos DB.
    await fetch(`${region('aws')}/items/after-restarts`, {
      method: 'PUT',
      headers: json,
      body: '{"n":2}',
    });
    await eventually(
      () => fetch(`${region('azure')}/items/after-restarts`),
      res => res.status === 200,
    );
  }, 90_000);

  it('leaves a poison event for a person on each cloud, with its reason, and counts it in the status', async () => {
    const reasons = {
      // AWS's apply dead-letters it itself, with the clock error.
      aws: /ahead of the local clock/,
      // Azure's can only fail it: the redriver finds the reason again and records it.
      azure: /ahead of the time the queue took it/,
    };
    for (const name of ['aws', 'azure'] as const) {
      const before = (await status(name)).deadLetters.redrivenLastHour;
      const sent = await control(`/regions/${name}/poison`, {
        method: 'POST',
      });
      expect(sent.status).toBe(202);
      const { key } = await sent.json();
      type Letter = { body: string; reason: string | null };
      const letters = async (): Promise<Letter[]> =>
        (await (await control(`/regions/${name}/dlq`)).json()).messages;
      await eventually(letters, (m: Letter[]) =>
        m.some(l => l.body.includes(key)),
      );
      // The redriver's run (every 20 s on this clock), now.
      await sandbox.services
        .get('orders')!
        .regions[name].runScheduled('redrive');
      // Listed again once no run holds it: a scheduled run may still have it locked, and a
      // locked message is out of sight of a peek (SQS has none: a receive with a zero
      // visibility timeout sees only visible messages).
      const listed = await eventually(letters, (m: Letter[]) =>
        m.some(l => l.body.includes(key)),
      );
      const letter = listed.find(l => l.body.includes(key))!;
      expect(letter.reason).toMatch(reasons[name]);
      const after = await status(name);
      expect(after.deadLetters.awaitingPerson).toBeGreaterThanOrEqual(1);
      expect(after.deadLetters.lastRunAt).not.toBeNull();
      // Left where it is: not sent back to be refused again.
      expect(after.deadLetters.redrivenLastHour).toBe(before);
      expect((await fetch(`${region(name)}/items/${key}`)).status).toBe(404);
    }
  }, 90_000);
});
