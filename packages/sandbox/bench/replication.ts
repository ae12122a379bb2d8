/**
 * `npm run bench -- replication [--quick] [--rate N] [--seconds N]`: drives a steady write load
 * through the sandbox's router to both clouds and prints one JSON line: offered and achieved
 * writes/s, replication lag percentiles per direction, lost and diverged items, the raw
 * conditional-write rate of each emulator alone, and the ratio of achieved to the slower raw rate.
 * `--ramp` then raises the rate step by step to find the sustainable rate (p99 lag under 1 s).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  startCosmosDbServer,
  startDynalite,
} from '@multicloud/cloud-fakes';
import {
  CosmosStore,
  DynamoDbStore,
  ensureCosmosContainer,
  ensureDynamoDbTable,
  formatVersion,
  type Store,
} from '@multicloud/runtime';
import { startSandbox } from '../src/startSandbox';
import { percentile } from '../src/stats/TimeSeries';
import { awaitConvergence, startWriteLoad } from '../src/load/writeLoad';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const seconds = Number(flag('seconds') ?? (quick ? 15 : 60));
const rate = Number(flag('rate') ?? 100);
const rawSeconds = quick ? 4 : 10;

async function rawRate(store: Store, region: string): Promise<number> {
  const concurrency = 32;
  const until = Date.now() + rawSeconds * 1000;
  let n = 0;
  let wall = 1_700_000_000_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const i = n++;
        wall += 1;
        await store.apply({
          event_id: randomUUID(),
          source_region: region,
          op_type: 'put',
          key: `raw-${i}`,
          payload: { i },
          timestamp: wall,
          version: formatVersion({ wallMs: wall, counter: 0, region }),
        });
      }
    }),
  );
  return n / rawSeconds;
}

async function measureRaw() {
  const [dynalite, cosmos] = await Promise.all([
    startDynalite(),
    startCosmosDbServer(),
  ]);
  try {
    const dynamo = dynamoDbClientFor(dynalite.endpoint);
    await ensureDynamoDbTable(dynamo, 'raw');
    const container = await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'bench',
      'raw',
    );
    const dynamodb = await rawRate(
      new DynamoDbStore({ client: dynamo, tableName: 'raw' }),
      'aws',
    );
    const cosmosRate = await rawRate(new CosmosStore({ container }), 'azure');
    return { dynamodb: Math.round(dynamodb), cosmos: Math.round(cosmosRate) };
  } finally {
    await Promise.all([dynalite.stop(), cosmos.stop()]);
  }
}

/** Drives `rate` writes/s through the router for `seconds`, then waits for convergence. */
async function runAt(
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
  offeredWps: number,
  runSeconds: number,
  prefix: string,
) {
  const service = sandbox.services.get('orders')!;
  const started = Date.now();
  const load = startWriteLoad(sandbox.routerUrl, offeredWps, prefix);
  await new Promise(r => setTimeout(r, runSeconds * 1000));
  await load.stop();
  const elapsed = (Date.now() - started) / 1000;
  const acknowledged = load.acknowledged;
  const failures = load.records.filter(r => !r.ok);
  for (const f of failures.slice(0, 3))
    console.error(`write ${f.key} failed: ${f.error}`);
  const { lost, diverged } = await awaitConvergence(
    { aws: service.regions.aws.url, azure: service.regions.azure.url },
    acknowledged,
  );
  const lags = (regionName: 'aws' | 'azure') =>
    service.regions[regionName].stats.lag.since(started).flatMap(b => b.values);
  const stats = (values: number[]) => ({
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
  });
  return {
    achieved: acknowledged.size / elapsed,
    failed: failures.length,
    lag: {
      aws_to_azure: stats(lags('azure')),
      azure_to_aws: stats(lags('aws')),
    },
    lost,
    diverged,
  };
}

async function main() {
  const raw = await measureRaw();
  const slower = Math.min(raw.dynamodb, raw.cosmos);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-replication-'));
  const sandbox = await startSandbox({
    dataDir,
    ports: { router: 0, control: 0, aws: 0, azure: 0 },
  });
  try {
    const run = await runAt(sandbox, rate, seconds, 'bench');
    console.log(
      JSON.stringify({
        bench: 'replication',
        seconds,
        offered_wps: rate,
        achieved_wps: Math.round(run.achieved * 10) / 10,
        failed_writes: run.failed,
        lag_ms: run.lag,
        lost: run.lost,
        diverged: run.diverged,
        raw_wps: raw,
        ratio: Math.round((run.achieved / slower) * 100) / 100,
      }),
    );
    if (!args.includes('--ramp')) return;
    // The sustainable rate: the highest offered rate the sandbox keeps up with (95 % achieved)
    // with a p99 lag under 1 s both ways and nothing lost.
    let sustainable = 0;
    for (const step of [150, 200, 300, 400, 600]) {
      const r = await runAt(sandbox, step, 15, `ramp-${step}`);
      const p99 = Math.max(
        r.lag.aws_to_azure.p99 ?? Infinity,
        r.lag.azure_to_aws.p99 ?? Infinity,
      );
      const ok =
        r.achieved >= 0.95 * step &&
        p99 < 1000 &&
        r.lost === 0 &&
        r.diverged === 0;
      console.log(
        JSON.stringify({
          bench: 'replication-ramp',
          offered_wps: step,
          achieved_wps: Math.round(r.achieved * 10) / 10,
          p99_ms: p99,
          lost: r.lost,
          diverged: r.diverged,
          sustained: ok,
        }),
      );
      if (!ok) break;
      sustainable = step;
    }
    console.log(
      JSON.stringify({
        bench: 'replication-sustainable',
        sustainable_wps: sustainable,
        raw_wps: raw,
        ratio: Math.round((sustainable / slower) * 100) / 100,
      }),
    );
  } finally {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
