// `npm run bench -- bundle [--samples N]`: per-function bundle bytes, both ways of getting the
// AWS SDK, and how long Node takes to load each bundle in a fresh process (median of N, default
// 9). One JSON line per function and SDK source, then the Function App.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AwsSdkSource } from '../src/bundle/functionBundles';
import { buildBundles } from './buildBundles';

const samplesArg = process.argv.indexOf('--samples');
const samples = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 9;
// With `provided`, the SDK comes from the Lambda runtime's NODE_PATH; here, from the workspace.
const nodePath = resolve(__dirname, '..', '..', 'node_modules');

/** Milliseconds to `require` the file in a fresh Node process, median of `samples`. */
function loadMs(file: string): number {
  const times = Array.from({ length: samples }, () =>
    Number(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const t=performance.now();require(${JSON.stringify(
            file,
          )});process.stdout.write(String(performance.now()-t))`,
        ],
        {
          env: { PATH: process.env.PATH, NODE_PATH: nodePath },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ),
    ),
  ).sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
  try {
    for (const awsSdk of ['bundled', 'provided'] as AwsSdkSource[]) {
      const out = join(dir, awsSdk);
      const report = await buildBundles(out, awsSdk);
      for (const [fn, bundle] of Object.entries(report.lambda))
        console.log(
          JSON.stringify({
            bench: 'bundle',
            function: fn,
            aws_sdk: awsSdk,
            bytes: bundle.bytes,
            load_ms: loadMs(join(out, bundle.dir, bundle.file)),
          }),
        );
      if (awsSdk === 'bundled')
        console.log(
          JSON.stringify({
            bench: 'bundle',
            function: 'function-app',
            bytes: report.functionApp.bytes,
            load_ms: loadMs(
              join(out, report.functionApp.dir, report.functionApp.file),
            ),
          }),
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
