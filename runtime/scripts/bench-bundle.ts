// `npm run bench -- bundle [--samples N]`: per-function bundle bytes, both ways of getting the
// AWS SDK, and what loading each bundle costs in a fresh Node process: wall time and CPU time
// (user + system, less sensitive to other work on the machine), medians of N samples (default
// 15) taken in turns across all bundles, so a busy moment hits every bundle alike. One JSON line
// per function and SDK source, then the Function App.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AwsSdkSource } from '../src/bundle/functionBundles';
import { buildBundles } from './buildBundles';

const samplesArg = process.argv.indexOf('--samples');
const samples = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 15;
// With `provided`, the SDK comes from the Lambda runtime's NODE_PATH; here, from the workspace.
const nodePath = resolve(__dirname, '..', '..', 'node_modules');

// The bundles are ES modules: imported, as Lambda and the Functions worker import them.
const LOAD = `const c=process.cpuUsage(),t=performance.now();await import('file://'+process.argv[1]);
const u=process.cpuUsage(c);process.stdout.write(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]))`;

function loadOnce(file: string): [number, number] {
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', LOAD, file], {
      env: { PATH: process.env.PATH, NODE_PATH: nodePath },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString(),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
};

interface Row {
  function: string;
  aws_sdk?: AwsSdkSource;
  bytes: number;
  loadBytes: number;
  file: string;
  wall: number[];
  cpu: number[];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
  try {
    const rows: Row[] = [];
    for (const awsSdk of ['bundled', 'provided'] as AwsSdkSource[]) {
      const out = join(dir, awsSdk);
      const report = await buildBundles(out, awsSdk);
      // Node resolves an ES module's bare imports from node_modules folders above it, not from
      // NODE_PATH as Lambda does for the SDK it provides: the workspace's copy is linked there.
      if (awsSdk === 'provided')
        symlinkSync(nodePath, join(out, 'node_modules'), 'dir');
      for (const [fn, b] of Object.entries(report.lambda))
        rows.push({
          function: fn,
          aws_sdk: awsSdk,
          bytes: b.bytes,
          loadBytes: b.loadBytes,
          file: join(out, b.dir, b.file),
          wall: [],
          cpu: [],
        });
      if (awsSdk === 'bundled') {
        const app = report.functionApp;
        rows.push({
          function: 'function-app',
          bytes: app.bytes,
          loadBytes: app.loadBytes,
          file: join(out, app.dir, app.file),
          wall: [],
          cpu: [],
        });
      }
    }
    for (let i = 0; i < samples; i++)
      for (const row of rows) {
        const [wall, cpu] = loadOnce(row.file);
        row.wall.push(wall);
        row.cpu.push(cpu);
      }
    for (const row of rows)
      console.log(
        JSON.stringify({
          bench: 'bundle',
          function: row.function,
          ...(row.aws_sdk ? { aws_sdk: row.aws_sdk } : {}),
          bytes: row.bytes,
          load_bytes: row.loadBytes,
          load_ms: median(row.wall),
          load_cpu_ms: median(row.cpu),
          samples,
        }),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
