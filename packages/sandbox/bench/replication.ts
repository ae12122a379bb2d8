/**
 * `npm run bench -- replication [--quick] [--rate N] [--seconds N]`: drives a steady write load
 * through the sandbox's router to both clouds and prints one JSON line: offered and achieved
 * writes/s, replication lag percentiles per direction, lost and diverged items, the raw
 * conditional-write rate of each emulator alone, and the ratio of achieved to the slower raw rate.
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

async function main() {
  const raw = await measureRaw();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-replication-'));
  const sandbox = await startSandbox({
    dataDir,
    ports: { router: 0, control: 0, aws: 0, azure: 0 },
  });
  try {
    const service = sandbox.services.get('orders')!;
    const started = Date.now();
    const load = startWriteLoad(sandbox.routerUrl, rate, 'bench');
    await new Promise(r => setTimeout(r, seconds * 1000));
    await load.stop();
    const elapsed = (Date.now() - started) / 1000;
    const acknowledged = load.acknowledged;
    const failures = load.records.filter(r => !r.ok);
    for (const f of failures.slice(0, 3))
      console.error(`write ${f.key} failed: ${f.error}`);
    const failed = failures.length;
    const { lost, diverged } = await awaitConvergence(
      { aws: service.regions.aws.url, azure: service.regions.azure.url },
      acknowledged,
    );
    const lags = (regionName: 'aws' | 'azure') =>
      service.regions[regionName].stats.lag
        .since(started)
        .flatMap(b => b.values);
    const stats = (values: number[]) => ({
      p50: percentile(values, 0.5),
      p95: percentile(values, 0.95),
      p99: percentile(values, 0.99),
    });
    const achieved = acknowledged.size / elapsed;
    console.log(
      JSON.stringify({
        bench: 'replication',
        seconds,
        offered_wps: rate,
        achieved_wps: Math.round(achieved * 10) / 10,
        failed_writes: failed,
        lag_ms: {
          aws_to_azure: stats(lags('azure')),
          azure_to_aws: stats(lags('aws')),
        },
        lost,
        diverged,
        raw_wps: raw,
        ratio:
          Math.round((achieved / Math.min(raw.dynamodb, raw.cosmos)) * 100) /
          100,
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
