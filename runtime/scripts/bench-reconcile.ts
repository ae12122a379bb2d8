// `npm run bench -- reconcile [items]`: one anti-entropy round between DynamoDB (dynalite) and
// Cosmos DB (cosmosdb-server) through the real adapters; what it reads, sends and repairs.
import {
  cosmosClientFor,
  dynamoDbClientFor,
  startCosmosDbServer,
  startDynalite,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { InboundApplier } from '../src/bridge/InboundApplier';
import { Reconciler } from '../src/bridge/Reconciler';
import type { ReplicationEvent } from '../src/domain/event';
import { HybridLogicalClock } from '../src/domain/HybridLogicalClock';
import { formatVersion } from '../src/domain/version';
import { MemoryMetricsSink } from '../src/metrics/MetricsSink';
import type { Store } from '../src/ports/Store';
import { CosmosStore, ensureCosmosContainer } from '../src/stores/CosmosStore';
import {
  DynamoDbStore,
  ensureDynamoDbTable,
} from '../src/stores/DynamoDbStore';
import { MemoryTransport } from '../src/transports/MemoryTransport';

const items = Number(process.argv[2] ?? 5000);
const PAYLOAD = { text: 'x'.repeat(900) }; // about 1 KB an item

/** Counts what a store is asked: scan pages, entries scanned, point reads. */
function counted(store: Store) {
  const reads = { pages: 0, entries: 0, gets: 0 };
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'scanVersions')
        return async (o: object) => {
          const page = await target.scanVersions(o);
          reads.pages += 1;
          reads.entries += page.entries.length;
          return page;
        };
      if (prop === 'get')
        return (key: string) => {
          reads.gets += 1;
          return target.get(key);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, reads };
}

function event(key: string, wallMs: number, region: string): ReplicationEvent {
  return {
    event_id: randomUUID(),
    source_region: region,
    op_type: 'put',
    key,
    payload: PAYLOAD,
    timestamp: wallMs,
    version: formatVersion({ wallMs, counter: 0, region }),
  };
}

async function main() {
  const [dynalite, cosmos] = await Promise.all([
    startDynalite(),
    startCosmosDbServer(),
  ]);
  try {
    await ensureDynamoDbTable(dynamoDbClientFor(dynalite.endpoint), 'items');
    const container = await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'bench',
      'items',
    );
    const dynamo = new DynamoDbStore({
      client: dynamoDbClientFor(dynalite.endpoint),
      tableName: 'items',
    });
    const cosmosStore = new CosmosStore({ container });

    // The same items on both sides, except 1% AWS never sent and 1% Azure holds newer.
    const wall = Date.now() - 3_600_000;
    for (let i = 0; i < items; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, items - i) }, async (_, j) => {
          const n = i + j;
          const e = event(`item-${n}`, wall + n, 'aws');
          await dynamo.apply(e);
          if (n % 100 === 1)
            await cosmosStore.apply(event(e.key, wall + n + 1, 'azure'));
          else if (n % 100 !== 0) await cosmosStore.apply(e);
        }),
      );
    }

    const toAws = new MemoryTransport();
    const toAzure = new MemoryTransport();
    const side = (
      name: string,
      raw: Store,
      inbound: MemoryTransport,
      peer: MemoryTransport,
    ) => {
      const { store, reads } = counted(raw);
      const metrics = new MemoryMetricsSink();
      const reconciler = new Reconciler({ region: name, store, peer, metrics });
      const applier = new InboundApplier({
        store: raw,
        clock: new HybridLogicalClock({ region: name }),
        metrics,
        reconciler,
      });
      return { reads, metrics, reconciler, applier, inbound };
    };
    const aws = side('aws', dynamo, toAws, toAzure);
    const azure = side('azure', cosmosStore, toAzure, toAws);

    const round = async (label: string) => {
      for (const s of [aws, azure]) {
        Object.assign(s.reads, { pages: 0, entries: 0, gets: 0 });
        for (const k of Object.keys(s.metrics.counters))
          delete s.metrics.counters[k];
      }
      const started = performance.now();
      let messages = 0;
      await aws.reconciler.startRound();
      for (;;) {
        const handled = [
          ...(await aws.applier.pollOnce(toAws, { maxMessages: 100 })),
          ...(await azure.applier.pollOnce(toAzure, { maxMessages: 100 })),
        ];
        if (!handled.length) break;
        messages += handled.filter(o => o.outcome === 'reconciled').length;
      }
      const c = (s: typeof aws, k: string) => s.metrics.counters[k] ?? 0;
      console.log(
        JSON.stringify({
          bench: 'reconcile',
          round: label,
          items,
          ms: Math.round(performance.now() - started),
          anti_entropy_messages: messages,
          diverged:
            c(aws, 'anti_entropy_diverged') + c(azure, 'anti_entropy_diverged'),
          repaired:
            c(aws, 'anti_entropy_repaired') + c(azure, 'anti_entropy_repaired'),
          aws_reads: aws.reads,
          azure_reads: azure.reads,
          aws_full_scans: +(aws.reads.entries / items).toFixed(2),
          azure_full_scans: +(azure.reads.entries / items).toFixed(2),
        }),
      );
    };
    await round('2% diverged');
    await round('in step');
  } finally {
    await Promise.all([dynalite.stop(), cosmos.stop()]);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
