/* eslint-disable jest/no-export -- a model shared by the property tests of each store pair */
/**
 * A model of two regions replicating through their real bridge code (ItemService, change feed,
 * Relay, transports, Applier) under a schedule chosen by fast-check: writes and deletes on both
 * sides, skewed clocks, duplicated, reordered, delayed and failed deliveries, relays that crash
 * before or after sending, triggers that move on past a batch the other cloud's queue refused
 * (AWS: its on-failure range is read again; Azure: the batch is parked and re-sent), and batches
 * lost outright (the checkpoint moves on, nothing is sent), which only the anti-entropy
 * reconciler can restore. Azure's sends to AWS go in packs of events, as deployed. Used with
 * memory stores for many schedules and with the emulator-backed adapters for fewer.
 */
import fc from 'fast-check';
import { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import { toReplicationEvent } from '../../domain/merge';
import { PollingChangeFeed } from '../../feed/PollingChangeFeed';
import { MemoryCheckpointStore } from '../../feed/checkpoints';
import { FeedRelay } from '../../feed/FeedRelay';
import type { VersionIndex } from '../../ports/VersionIndex';
import { ItemService } from '../../items/ItemService';
import type { Store, StoredItem } from '../../ports/Store';
import type { OutboundMessage } from '../../ports/Transport';
import { MemoryParkingLot } from '../../transports/MemoryParkingLot';
import { MemoryTransport } from '../../transports/MemoryTransport';
import { PackingSender } from '../eventPacks';
import { ParkedEventResender } from '../ParkedEventResender';
import { InboundApplier } from '../InboundApplier';
import { Reconciler } from '../Reconciler';
import { Relay } from '../Relay';

export type Side = 0 | 1;
const REGIONS = ['aws', 'azure'] as const;
const KEYS = ['a', 'b', 'c', 'd'];

export type Step =
  | { kind: 'put'; side: Side; key: string; value: number }
  | { kind: 'delete'; side: Side; key: string }
  | { kind: 'advance'; ms: number }
  | {
      kind: 'relay';
      side: Side;
      copies: number;
      /**
       * `peer-refuses`: the other cloud's queue refuses the batch, and the trigger moves on as its
       * cloud documents: AWS's stream mapping hands the range to its on-failure queue, Azure's
       * relay parks the batch. `lost`: the checkpoint moves on and nothing is sent.
       */
      crash: 'none' | 'before-send' | 'after-send' | 'peer-refuses' | 'lost';
    }
  | { kind: 'resend'; side: Side }
  | {
      kind: 'deliver';
      side: Side;
      pick: number;
      fate: 'ack' | 'store-fails' | 'crash-before-ack';
    };

const side = fc.constantFrom<Side>(0, 1);
const key = fc.constantFrom(...KEYS);
export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    side,
    key,
    value: fc.integer({ min: 0, max: 999 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), side, key }),
  fc.record({
    kind: fc.constant('advance' as const),
    ms: fc.integer({ min: 0, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('relay' as const),
    side,
    copies: fc.integer({ min: 1, max: 5 }),
    crash: fc.constantFrom(
      'none' as const,
      'before-send' as const,
      'after-send' as const,
      'peer-refuses' as const,
      'lost' as const,
    ),
  }),
  fc.record({ kind: fc.constant('resend' as const), side }),
  fc.record({
    kind: fc.constant('deliver' as const),
    side,
    pick: fc.nat(20),
    fate: fc.constantFrom(
      'ack' as const,
      'ack' as const,
      'store-fails' as const,
      'crash-before-ack' as const,
    ),
  }),
);

export const scheduleArbitrary = fc.record({
  skews: fc.tuple(
    fc.integer({ min: -250, max: 250 }),
    fc.integer({ min: -250, max: 250 }),
  ),
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 30 }),
});
export interface Schedule {
  skews: [number, number];
  steps: Step[];
}

/** Each side's store, and the version index its emulated change feed polls. */
export type StorePair = [
  { store: Store; index: VersionIndex },
  { store: Store; index: VersionIndex },
];

/** Runs a schedule, lets delivery settle, and returns what each side holds and what was acknowledged. */
export async function runSchedule(schedule: Schedule, stores: StorePair) {
  let time = 1_700_000_000_000;
  const visibilityTimeoutMs = 1_000;
  const inbound = [0, 1].map(
    () =>
      new MemoryTransport({
        maxDeliveries: 5,
        visibilityTimeoutMs,
        now: () => time,
      }),
  );
  // Azure sends AWS's queue packs of events, as its relay does (entry/azure/relayFunction.ts),
  // with a budget of about two events a pack, so schedules mix packs, lone events and duplicates.
  const packedToAws = new PackingSender(inbound[0], 700);
  // Each side's reconciler answers the other's anti-entropy messages through its applier.
  const reconcilers = ([0, 1] as Side[]).map(
    s =>
      new Reconciler({
        region: REGIONS[s],
        store: stores[s].store,
        peer: inbound[1 - s],
        now: () => time,
        settleMs: 0,
      }),
  );
  const regions = ([0, 1] as Side[]).map(s => {
    const clock = new HybridLogicalClock({
      region: REGIONS[s],
      now: () => time + schedule.skews[s],
      maxDriftMs: 500,
    });
    const { store, index } = stores[s];
    const checkpoints = new MemoryCheckpointStore();
    const feed = new PollingChangeFeed({ index, region: REGIONS[s] });
    const other = inbound[1 - s];
    return {
      items: new ItemService({
        store,
        clock,
        now: () => time + schedule.skews[s],
      }),
      relay: new FeedRelay({
        feed,
        checkpoints,
        relay: new Relay({
          region: REGIONS[s],
          outbound: s === 1 ? packedToAws : other,
        }),
      }),
      feed,
      checkpoints,
      applier: new InboundApplier({
        store,
        clock,
        now: () => time,
        reconciler: reconcilers[s],
      }),
      store,
    };
  });
  const acknowledged: StoredItem[] = [];
  const failedRanges: { start: string; end: string }[] = [];
  const parking = new MemoryParkingLot();
  const refusing = {
    send: async () => {
      throw new Error('the other cloud’s queue is unreachable');
    },
    close: async () => undefined,
  };

  const relayWithFault = async (
    s: Side,
    copies: number,
    crash: Extract<Step, { kind: 'relay' }>['crash'],
  ) => {
    const r = regions[s];
    if (crash === 'before-send') return;
    const batch = await r.feed.read(await r.checkpoints.load(), { max: 100 });
    if (crash === 'peer-refuses') {
      const own = batch.changes.filter(c => c.source_region === REGIONS[s]);
      if (s === 0 && own.length)
        failedRanges.push({
          start: own[0].version,
          end: own[own.length - 1].version,
        });
      if (s === 1)
        await new Relay({
          region: REGIONS[s],
          outbound: refusing,
          parking,
        }).relayChanges(batch.changes);
      await r.checkpoints.save(batch.checkpoint);
      return;
    }
    const messages: OutboundMessage[] = [];
    for (const c of batch.changes) {
      if (c.source_region !== REGIONS[s]) continue;
      for (let i = 0; i < copies; i++)
        messages.push({
          id: c.event_id,
          body: JSON.stringify(toReplicationEvent(c)),
        });
    }
    if (crash === 'lost') {
      await r.checkpoints.save(batch.checkpoint);
      return;
    }
    await (s === 1 ? packedToAws : inbound[1 - s]).send(messages);
    if (crash === 'none') await r.checkpoints.save(batch.checkpoint);
  };

  /** The re-sends: AWS reads its failed ranges again; Azure's timer sends what it parked. */
  const resend = async (s: Side) => {
    if (s === 1) {
      await new ParkedEventResender({
        parking,
        outbound: packedToAws,
      }).drain();
      return;
    }
    const ranges = failedRanges.splice(0);
    const own = await stores[0].index.changesSince(
      REGIONS[0],
      undefined,
      10_000,
    );
    for (const { start, end } of ranges)
      await new Relay({
        region: REGIONS[0],
        outbound: inbound[1],
      }).relayChanges(own.filter(c => c.version >= start && c.version <= end));
  };

  const deliver = async (
    s: Side,
    pick: number,
    fate: 'ack' | 'store-fails' | 'crash-before-ack',
  ) => {
    const queue = inbound[s];
    const received = await queue.receive({ maxMessages: 10 });
    if (!received.length) return;
    const chosen = received[pick % received.length];
    for (const m of received) if (m !== chosen) await queue.release(m);
    const r = regions[s];
    if (fate === 'store-fails') {
      await queue.release(chosen);
    } else if (fate === 'crash-before-ack') {
      await r.applier.handle(chosen.body); // applied, but the process dies before acknowledging
    } else {
      const outcome = await r.applier.handle(chosen.body);
      if (outcome.outcome === 'rejected')
        throw new Error(`model event rejected: ${outcome.reason}`);
      await queue.ack(chosen);
    }
  };

  for (const step of schedule.steps) {
    switch (step.kind) {
      case 'put':
        acknowledged.push(
          await regions[step.side].items.put(step.key, {
            value: step.value,
            by: REGIONS[step.side],
          }),
        );
        break;
      case 'delete': {
        const tombstone = await regions[step.side].items.delete(step.key);
        if (tombstone) acknowledged.push(tombstone);
        break;
      }
      case 'advance':
        time += step.ms;
        break;
      case 'relay':
        await relayWithFault(step.side, step.copies, step.crash);
        break;
      case 'deliver':
        await deliver(step.side, step.pick, step.fate);
        break;
      case 'resend':
        await resend(step.side);
        break;
      default:
        throw new Error(`unknown step ${JSON.stringify(step)}`);
    }
  }

  // Settle: relays drain, time passes beyond every lock, queues drain, dead letters are replayed;
  // once all is quiet, one anti-entropy round from each side restores what was lost outright.
  let reconciled = false;
  for (let round = 0; round < 50; round++) {
    for (const s of [0, 1] as Side[]) {
      await regions[s].relay.drain();
      await resend(s);
    }
    time += visibilityTimeoutMs + 1;
    let moved = 0;
    for (const s of [0, 1] as Side[]) {
      const outcomes = await regions[s].applier.pollOnce(inbound[s], {
        maxMessages: 100,
      });
      moved += outcomes.length;
      moved += await inbound[s].replayDeadLetters();
    }
    const depths = await Promise.all(inbound.map(q => q.depth()));
    if (
      !moved &&
      depths.every(d => d.active + d.inFlight + d.deadLettered === 0)
    ) {
      if (reconciled) break;
      for (const r of reconcilers) await r.startRound();
      reconciled = true;
    }
  }

  const snapshot = async (store: Store) => {
    const items: StoredItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({
        includeDeleted: true,
        cursor,
        limit: 1000,
      });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return items.sort((a, b) => (a.key < b.key ? -1 : 1));
  };
  return {
    aws: await snapshot(stores[0].store),
    azure: await snapshot(stores[1].store),
    acknowledged,
  };
}

/** The invariants: identical stores, each holding exactly the newest acknowledged write per key. */
export function assertConverged({
  aws,
  azure,
  acknowledged,
}: Awaited<ReturnType<typeof runSchedule>>) {
  expect(azure).toEqual(aws);
  const newest = new Map<string, StoredItem>();
  for (const w of acknowledged) {
    const seen = newest.get(w.key);
    if (!seen || w.version > seen.version) newest.set(w.key, w);
  }
  // Every acknowledged write is there or superseded by a higher version; none vanished, and no
  // deleted item came back (the newest write decides, tombstones included).
  expect(aws.map(i => [i.key, i.version, i.deleted, i.payload])).toEqual(
    [...newest.values()]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map(i => [i.key, i.version, i.deleted, i.payload]),
  );
}
