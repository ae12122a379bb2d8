import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from './startSandbox';

// `feedCadence: 'cloud'`: the relays poll only on the clouds' documented intervals (the stream 4
// times a second, the change feed `feedPollDelay` after it drained), as `npm run bench --
// replication` measures the clouds' batches with; replication must still reach the other side.
describe('the sandbox on the clouds’ feed cadence', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-cadence-'));
  let sandbox: RunningSandbox;
  const region = (name: 'aws' | 'azure') =>
    sandbox.services.get('orders')!.regions[name];

  beforeAll(async () => {
    sandbox = await startSandbox({
      dataDir,
      ports: { router: 0, control: 0, aws: 0, azure: 0 },
      feedCadence: 'cloud',
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function replicated(to: 'aws' | 'azure', keys: string[]) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await Promise.all(
        keys.map(k =>
          fetch(`${region(to).url}/items/${k}`).then(r => r.status === 200),
        ),
      );
      if (found.every(Boolean)) return true;
      if (Date.now() > deadline) return false;
      await new Promise(r => setTimeout(r, 100));
    }
  }

  it.each(['aws', 'azure'] as const)(
    'relays a trickle of writes from %s in a few batches, not one per commit',
    async from => {
      const to = from === 'aws' ? 'azure' : 'aws';
      const before = region(from).invocations.relay ?? 0;
      const keys = Array.from({ length: 20 }, (_, i) => `${from}-burst-${i}`);
      // One write every 20 ms or so for about half a second: a trickle, as under steady load.
      for (const k of keys) {
        const put = await fetch(`${region(from).url}/items/${k}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"n":1}',
        });
        expect(put.status).toBe(200);
        await new Promise(r => setTimeout(r, 20));
      }
      expect(await replicated(to, keys)).toBe(true);
      // With the commit wake-up each of these writes starts a relay of its own (19 or 20 of 20
      // measured); on the clouds' intervals a batch gathers the writes of a poll interval. Half
      // leaves room for a loaded machine, where each invocation takes longer and the shard is
      // polled again at once after a batch, as Lambda does.
      expect(
        (region(from).invocations.relay ?? 0) - before,
      ).toBeLessThanOrEqual(keys.length / 2);
    },
    30_000,
  );
});
