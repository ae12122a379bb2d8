import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { ReplicationEvent } from '../domain/event';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { formatVersion } from '../domain/version';
import { MemoryMetricsSink } from '../metrics/MetricsSink';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import { inboundBodyProblem, InboundApplier } from './InboundApplier';
import { Reconciler } from './Reconciler';

const NOW = 10_000_000;

function event(
  key: string,
  wallMs: number,
  region: string,
  op: 'put' | 'delete' = 'put',
): ReplicationEvent {
  return {
    event_id: randomUUID(),
    source_region: region,
    op_type: op,
    key,
    payload: op === 'put' ? { at: wallMs, by: region } : null,
    timestamp: wallMs,
    version: formatVersion({ wallMs, counter: 0, region }),
  };
}

/** Two clouds with their stores, inbound queues, appliers and reconcilers, in memory. */
function clouds(options: { maxEntries?: number; settleMs?: number } = {}) {
  const now = () => NOW;
  const side = (
    name: string,
    inbound: MemoryTransport,
    peer: MemoryTransport,
  ) => {
    const store = new MemoryStore();
    let scans = 0;
    const counted = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'scanVersions')
          return (o: { cursor?: string }) => {
            if (!o?.cursor) scans += 1;
            return target.scanVersions(o);
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const metrics = new MemoryMetricsSink(1000, now);
    const reconciler = new Reconciler({
      region: name,
      store: counted,
      peer,
      metrics,
      now,
      settleMs: options.settleMs ?? 0,
      maxEntries: options.maxEntries,
      pageSize: 100,
    });
    return {
      store,
      inbound,
      metrics,
      reconciler,
      scans: () => scans,
      applier: new InboundApplier({
        store,
        clock: new HybridLogicalClock({ region: name, now }),
        metrics,
        reconciler,
        now,
      }),
    };
  };
  const toAws = new MemoryTransport({ now });
  const toAzure = new MemoryTransport({ now });
  const aws = side('aws', toAws, toAzure);
  const azure = side('azure', toAzure, toAws);
  /** Delivers on both queues until both are empty; returns how many messages were handled. */
  const settle = async () => {
    let handled = 0;
    for (let round = 0; round < 100; round++) {
      const outcomes = [
        ...(await aws.applier.pollOnce(toAws, { maxMessages: 100 })),
        ...(await azure.applier.pollOnce(toAzure, { maxMessages: 100 })),
      ];
      for (const o of outcomes)
        if (o.outcome === 'rejected' || o.outcome === 'retry')
          throw new Error(JSON.stringify(o));
      if (!outcomes.length) return handled;
      handled += outcomes.length;
    }
    throw new Error('the exchange did not end');
  };
  return { aws, azure, settle };
}

async function both(
  c: ReturnType<typeof clouds>,
  ...events: ReplicationEvent[]
) {
  for (const e of events) {
    await c.aws.store.apply(e);
    await c.azure.store.apply(e);
  }
}

describe('Reconciler', () => {
  it('restores a batch that reached one side only', async () => {
    const c = clouds();
    await both(
      c,
      ...Array.from({ length: 40 }, (_, i) =>
        event(`shared-${i}`, 1000 + i, 'aws'),
      ),
    );
    const lost = Array.from({ length: 25 }, (_, i) =>
      event(`lost-${i}`, 2000 + i, 'azure'),
    );
    for (const e of lost) await c.azure.store.apply(e);

    // The side that lacks the batch starts the round: it must pull what the other side has.
    await c.aws.reconciler.startRound();
    await c.settle();

    expect(c.aws.store.snapshot()).toEqual(c.azure.store.snapshot());
    for (const e of lost)
      expect((await c.aws.store.get(e.key))?.version).toBe(e.version);
    expect(c.azure.metrics.counters.anti_entropy_repaired).toBe(25);
    expect(
      (c.aws.metrics.counters.anti_entropy_diverged ?? 0) +
        (c.azure.metrics.counters.anti_entropy_diverged ?? 0),
    ).toBe(25);
  });

  it('converges conflicting versions to the newer, whichever side holds it', async () => {
    const c = clouds();
    await c.aws.store.apply(event('a', 1000, 'aws'));
    await c.azure.store.apply(event('a', 1500, 'azure'));
    await c.aws.store.apply(event('b', 3000, 'aws'));
    await c.azure.store.apply(event('b', 2000, 'azure'));

    await c.azure.reconciler.startRound();
    await c.settle();

    expect((await c.aws.store.get('a'))?.source_region).toBe('azure');
    expect((await c.azure.store.get('b'))?.source_region).toBe('aws');
    expect(c.aws.store.snapshot()).toEqual(c.azure.store.snapshot());
  });

  it('lets a tombstone on one side win over an older put, and a newer put over a tombstone', async () => {
    const c = clouds();
    await c.aws.store.apply(event('gone', 1000, 'aws'));
    await c.azure.store.apply(event('gone', 2000, 'azure', 'delete'));
    await c.aws.store.apply(event('back', 5000, 'aws'));
    await c.azure.store.apply(event('back', 4000, 'azure', 'delete'));

    await c.aws.reconciler.startRound();
    await c.settle();

    expect(await c.aws.store.get('gone')).toMatchObject({
      deleted: true,
      payload: null,
    });
    expect(await c.azure.store.get('back')).toMatchObject({
      deleted: false,
      payload: { at: 5000, by: 'aws' },
    });
  });

  it('sends one digest message and repairs nothing when both sides agree', async () => {
    const c = clouds();
    await both(
      c,
      ...Array.from({ length: 300 }, (_, i) => event(`k${i}`, 1000 + i, 'aws')),
    );
    const report = await c.aws.reconciler.startRound();
    expect(report.compared).toBe(300);
    expect(await c.settle()).toBe(1);
    expect(c.azure.metrics.counters.anti_entropy_compared).toBe(300);
    expect(c.azure.metrics.counters.anti_entropy_diverged ?? 0).toBe(0);
    expect(c.aws.metrics.counters.anti_entropy_repaired ?? 0).toBe(0);
  });

  it('splits large differing ranges and repairs exactly what differs, with a bounded number of scans', async () => {
    const c = clouds({ maxEntries: 4 });
    const all = Array.from({ length: 3000 }, (_, i) =>
      event(`item-${i}`, 1000 + i, 'aws'),
    );
    await both(c, ...all.filter((_, i) => i % 1000 !== 7));
    for (const i of [7, 1007, 2007]) await c.aws.store.apply(all[i]);

    await c.azure.reconciler.startRound();
    await c.settle();

    expect(c.aws.store.snapshot()).toEqual(c.azure.store.snapshot());
    expect(c.aws.metrics.counters.anti_entropy_repaired).toBe(3);
    // 3,000 items in 256 ranges of ~12 > 4: one split, so digests, digests, entries, pull.
    expect(c.aws.scans() + c.azure.scans()).toBeLessThanOrEqual(5);
  });

  it('leaves writes younger than the settle time to the relay', async () => {
    const c = clouds({ settleMs: 60_000 });
    await c.aws.store.apply(event('fresh', NOW - 1000, 'aws'));
    await c.aws.store.apply(event('old', NOW - 120_000, 'aws'));
    await c.aws.reconciler.startRound();
    await c.settle();
    expect(await c.azure.store.get('fresh')).toBeUndefined();
    expect(await c.azure.store.get('old')).toBeDefined();
  });

  it('makes any two diverged stores identical, each key at its newest version (property)', async () => {
    const state = fc.option(
      fc.record({
        wall: fc.integer({ min: 1, max: 50 }),
        deleted: fc.boolean(),
      }),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(state, state), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        async (keys, awsStarts, maxEntries) => {
          const c = clouds({ maxEntries });
          const newest = new Map<string, string>();
          for (const [i, [a, z]] of keys.entries()) {
            for (const [s, side, region] of [
              [a, c.aws, 'aws'],
              [z, c.azure, 'azure'],
            ] as const) {
              if (!s) continue;
              const e = event(
                `k${i}`,
                s.wall,
                region,
                s.deleted ? 'delete' : 'put',
              );
              await side.store.apply(e);
              if (!(newest.get(e.key)! >= e.version))
                newest.set(e.key, e.version);
            }
          }
          await (awsStarts ? c.aws : c.azure).reconciler.startRound();
          await c.settle();
          const snapshot = c.aws.store.snapshot();
          expect(snapshot).toEqual(c.azure.store.snapshot());
          expect(new Map(snapshot.map(i => [i.key, i.version]))).toEqual(
            newest,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('InboundApplier', () => {
  it('rejects a malformed anti-entropy message with its reason, and applies events as before', async () => {
    const c = clouds();
    const bad = await c.aws.applier.handle(
      JSON.stringify({
        kind: 'anti-entropy',
        from: 'azure',
        step: 'pull',
        keys: ['no spaces'],
      }),
    );
    expect(bad).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('keys.0: must be an item id'),
    });
    expect(
      await c.aws.applier.handle(JSON.stringify(event('k', 1000, 'azure'))),
    ).toEqual({ outcome: 'applied' });
    expect(
      await c.aws.applier.handle(
        JSON.stringify({
          kind: 'anti-entropy',
          from: 'azure',
          step: 'pull',
          keys: ['k'],
        }),
      ),
    ).toEqual({ outcome: 'reconciled' });
  });

  it('asks for another delivery when the store fails while comparing', async () => {
    const c = clouds();
    c.aws.store.failure = new Error('store down');
    expect(
      await c.aws.applier.handle(
        JSON.stringify({
          kind: 'anti-entropy',
          from: 'azure',
          step: 'entries',
          prefixes: ['ab'],
          entries: [],
        }),
      ),
    ).toMatchObject({ outcome: 'retry' });
  });

  it('tells a body that can never apply from one that can', () => {
    expect(
      inboundBodyProblem(JSON.stringify(event('k', 1000, 'azure'))),
    ).toBeUndefined();
    expect(
      inboundBodyProblem(
        JSON.stringify({
          kind: 'anti-entropy',
          from: 'aws',
          step: 'pull',
          keys: [],
        }),
      ),
    ).toBeUndefined();
    expect(inboundBodyProblem('{')).toMatch(/^body is not JSON/);
    expect(inboundBodyProblem('{"kind":"anti-entropy"}')).toBe(
      'invalid anti-entropy message',
    );
    expect(inboundBodyProblem('{"key":"k"}')).toMatch(
      /^invalid replication event/,
    );
  });
});
