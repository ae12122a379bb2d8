import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../startSandbox';

const json = { 'content-type': 'application/json' };

async function eventually(
  read: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await read()) return Date.now() - start;
    await new Promise(r => setTimeout(r, 200));
  }
  return undefined;
}

/**
 * The sandbox's regions run their functions on the trigger harness, so its chaos modes now fail
 * what the clouds would fail, and heal the way the clouds' triggers do, with no one replaying
 * anything.
 */
describe('sandbox regions on the trigger harness', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-triggers-'));
  let sandbox: RunningSandbox;
  const service = () => sandbox.services.get('orders')!;
  const url = (r: 'aws' | 'azure') => service().regions[r].url;
  const has = (r: 'aws' | 'azure', key: string) => async () =>
    (await fetch(`${url(r)}/items/${key}`)).status === 200;
  const put = (r: 'aws' | 'azure', key: string) =>
    fetch(`${url(r)}/items/${key}`, {
      method: 'PUT',
      headers: json,
      body: '{"n":1}',
    });

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

  it('delivers a write made while the other cloud’s store failed for 4 s, dead-lettering nothing', async () => {
    service().regions.azure.chaos = 'store-failure';
    expect((await put('aws', 'blip')).status).toBe(200);
    await new Promise(r => setTimeout(r, 4000));
    service().regions.azure.chaos = 'none';
    expect(await eventually(has('azure', 'blip'), 30_000)).toBeDefined();
    expect((await service().regions.azure.inbound.depth()).deadLettered).toBe(
      0,
    );
  }, 60_000);

  it.each([
    // AWS: the stream mapping retries, then sends the range to its on-failure queue, which the
    // relay re-reads once the link is back (10 s visibility in the sandbox).
    ['aws', 'azure', 30_000],
    // Azure: the relay parks the batch; the timer re-sends it within a minute.
    ['azure', 'aws', 90_000],
  ] as const)(
    'delivers what %s wrote while it could not reach %s’s queue, once the link is back',
    async (from, to, timeoutMs) => {
      service().regions[from].chaos = 'bridge-cut';
      expect((await put(from, `cut-${from}`)).status).toBe(200);
      await new Promise(r => setTimeout(r, 5000));
      expect(await has(to, `cut-${from}`)()).toBe(false);
      service().regions[from].chaos = 'none';
      const took = await eventually(has(to, `cut-${from}`), timeoutMs);
      process.stdout.write(
        `sandbox: ${from} → ${to} after a 5 s bridge-cut: arrived ${took} ms after it healed\n`,
      );
      expect(took).toBeDefined();
    },
    120_000,
  );
});
