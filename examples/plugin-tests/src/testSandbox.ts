import { startSandbox, type RunningSandbox } from '@multicloud/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sandboxes these tests started, with the folder each keeps its state in. */
const dataDirs = new WeakMap<RunningSandbox, string>();

/**
 * The real sandbox for one test file: its own temporary data folder, free ports, and health
 * checked every 200 ms so that chaos shows at once.
 */
export async function startTestSandbox(name: string): Promise<RunningSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const sandbox = await startSandbox({
    dataDir,
    ports: { router: 0, control: 0, aws: 0, azure: 0 },
    healthIntervalMs: 200,
  });
  dataDirs.set(sandbox, dataDir);
  return sandbox;
}

/** Stops a sandbox of `startTestSandbox` and removes its data folder. */
export async function stopTestSandbox(sandbox: RunningSandbox | undefined) {
  if (!sandbox) return;
  await sandbox.stop();
  const dataDir = dataDirs.get(sandbox);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
