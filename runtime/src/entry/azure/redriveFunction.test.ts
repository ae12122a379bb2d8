import { InvocationContext as Context } from '@azure/functions';
import type { InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import { formatVersion } from '../../domain/version';
import { MemoryMetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetter, DeadLetterQueue } from '../../ports/DeadLetterQueue';
import { MemoryStore } from '../../stores/MemoryStore';
import { createAzureApplyFunction } from './applyFunction';
import { createAzureRedriveFunction } from './redriveFunction';

const DRIFT_MS = 500;
const context = (triggerMetadata: Record<string, unknown> = {}) =>
  new Context({
    triggerMetadata,
    logHandler: () => undefined,
  }) as InvocationContext;

/** One dead letter, as Service Bus leaves an event after its deliveries; records what happens to it. */
function deadLetterQueueOf(letter: DeadLetter) {
  const redriven: string[] = [];
  const stamps: Record<string, string>[] = [];
  let taken = false;
  const queue: DeadLetterQueue = {
    receive: async () => {
      if (taken) return [];
      taken = true;
      return [letter];
    },
    redrive: async l => {
      redriven.push(l.id);
    },
    release: async (_l, stamp) => {
      if (stamp) stamps.push(stamp);
    },
  };
  return { queue, redriven, stamps };
}

const eventAt = (wallMs: number) =>
  JSON.stringify({
    event_id: randomUUID(),
    source_region: 'aws',
    op_type: 'put',
    key: 'k-1',
    payload: { n: 1 },
    timestamp: wallMs,
    version: formatVersion({ wallMs, counter: 0, region: 'aws' }),
  });

/**
 * Runs the Azure apply over Service Bus's 10 deliveries of the body, the first 150 ms after the
 * queue took it at `enqueuedAt`, each next one after the apply's wait (the trigger abandons a
 * failed delivery and Service Bus delivers it again at once); returns what each delivery said.
 */
async function deliver(options: {
  body: string;
  enqueuedAt: number;
  store: MemoryStore;
}) {
  let time = options.enqueuedAt + 150;
  const now = () => time;
  const apply = createAzureApplyFunction({
    store: options.store,
    clock: new HybridLogicalClock({
      region: 'azure',
      now,
      maxDriftMs: DRIFT_MS,
    }),
    // Only replication events here: the reconciler is never asked.
    reconciler: {
      receive: async () => {
        throw new Error('no anti-entropy message is sent in these tests');
      },
    },
    metrics: new MemoryMetricsSink(),
    now,
    sleep: async ms => {
      time += ms;
    },
  });
  const said: string[] = [];
  for (let n = 1; n <= 10; n++) {
    try {
      await apply([options.body], context({ deliveryCountArray: [n] }));
      said.push('done');
    } catch (error) {
      said.push((error as Error).message);
    }
  }
  return said;
}

/**
 * The Azure redriver's run, now, over one letter Service Bus dead-lettered after its deliveries
 * (the queue's clock is this one).
 */
async function redriveOnce(
  letter: { id: string; body: string; enqueuedAt: number },
  store: MemoryStore,
) {
  const { queue, redriven, stamps } = deadLetterQueueOf({
    ...letter,
    attributes: { DeadLetterReason: 'MaxDeliveryCountExceeded' },
    handle: undefined,
  });
  const redrive = createAzureRedriveFunction({
    deadLetterQueue: queue,
    store,
    metrics: new MemoryMetricsSink(),
    maxClockDriftMs: DRIFT_MS,
    backoffMs: [0],
  });
  const report = await redrive({}, context());
  return { report, redriven, stamps };
}

describe('the Azure redriver and an event from a clock a little ahead', () => {
  it('re-drives a letter the apply never refused, though its version was past the drift when the queue took it', async () => {
    // The queue took it five minutes before the redriver's run.
    const enqueuedAt = Date.now() - 300_000;
    // 600 ms ahead of the queue's clock: past the 500 ms drift then, inside it 150 ms later, when
    // the apply first had it. The store was down at every delivery, so Service Bus dead-lettered
    // it for its deliveries alone.
    const body = eventAt(enqueuedAt + 600);
    const store = new MemoryStore();
    store.failure = new Error('store unavailable');
    const said = await deliver({ body, enqueuedAt, store });
    expect(said).toEqual(Array(10).fill('store unavailable'));

    store.failure = undefined;
    const { report, redriven, stamps } = await redriveOnce(
      {
        id: 'letter-1',
        body,
        enqueuedAt,
      },
      store,
    );
    expect(report).toEqual({ redriven: 1, awaitingPerson: 0 });
    expect(redriven).toEqual(['letter-1']);
    expect(stamps).toEqual([]);
  });

  it('leaves for a person, saying why, a letter from a clock further ahead than its deliveries and the clocks explain', async () => {
    const enqueuedAt = Date.now() - 300_000;
    // 10 minutes ahead: refused at every delivery, none of which waits.
    const body = eventAt(enqueuedAt + 600_000);
    const store = new MemoryStore();
    const said = await deliver({ body, enqueuedAt, store });
    expect(said.every(s => s.startsWith('replication event refused'))).toBe(
      true,
    );
    const { report, redriven, stamps } = await redriveOnce(
      {
        id: 'letter-2',
        body,
        enqueuedAt,
      },
      store,
    );
    expect(report).toEqual({ redriven: 0, awaitingPerson: 1 });
    expect(redriven).toEqual([]);
    expect(stamps).toEqual([
      {
        RefusedReason: expect.stringMatching(
          /^remote version \S+ was 600000 ms ahead of the time the queue took it, more than the allowed clock drift of 500 ms plus 270500 ms for its deliveries and the clocks$/,
        ),
      },
    ]);
  });

  it('calls a letter poison only past the drift, the deliveries and the clocks together', async () => {
    // 500 ms of drift, 270 s of the apply's waits over 10 deliveries, 500 ms between the clocks.
    const enqueuedAt = Date.now() - 600_000;
    const kinds = [];
    for (const aheadMs of [271_000, 271_001]) {
      const { report } = await redriveOnce(
        {
          id: `ahead-${aheadMs}`,
          body: eventAt(enqueuedAt + aheadMs),
          enqueuedAt,
        },
        new MemoryStore(),
      );
      kinds.push(report);
    }
    expect(kinds).toEqual([
      { redriven: 1, awaitingPerson: 0 },
      { redriven: 0, awaitingPerson: 1 },
    ]);
  });
});
