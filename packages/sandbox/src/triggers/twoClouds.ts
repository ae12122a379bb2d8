import {
  HybridLogicalClock,
  InFlightWrites,
  ItemService,
  MemoryCheckpointStore,
  MemoryMetricsSink,
  MemoryParkingLot,
  MemoryStore,
  MemoryTransport,
  PollingChangeFeed,
  type MessageSender,
  type OutboundMessage,
  type ParkingLot,
  type StoredItem,
  type DeadLetterQueue,
} from '@multicloud/runtime';
import { CosmosChangeFeedTrigger } from './CosmosChangeFeedTrigger';
import {
  deployAwsFunctions,
  deployAzureFunctions,
  type Deployment,
} from './deployments';
import { CLOUD_QUEUE_SETTINGS } from './cloudSettings';
import { DynamoDbStreamTrigger } from './DynamoDbStreamTrigger';
import { scaledClock, type TriggerClock } from './TriggerClock';

/**
 * The worlds' redriver finds no dead letter: none is expected, and one would stay in the queue
 * where the checks count it, rather than be mended unnoticed.
 */
const noDeadLetters: DeadLetterQueue = {
  receive: async () => [],
  redrive: async () => undefined,
  release: async () => undefined,
};

/** A sender that can be made to refuse: always (an outage) or on every n-th call. */
export class FaultySender implements MessageSender {
  down = false;
  failEvery = 0;
  private calls = 0;
  refused = 0;

  constructor(private readonly inner: MessageSender) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    this.calls += 1;
    if (this.down || (this.failEvery && this.calls % this.failEvery === 0)) {
      this.refused += 1;
      throw new Error('the queue is unreachable (test fault)');
    }
    await this.inner.send(messages);
  }

  async close() {}
}

/** A parking lot that refuses to park while `down`. */
export class FaultyParkingLot implements ParkingLot {
  down = false;

  constructor(private readonly inner: ParkingLot) {}

  async park(messages: OutboundMessage[]) {
    if (this.down)
      throw new Error('the parking lot is unavailable (test fault)');
    await this.inner.park(messages);
  }

  oldest(max: number) {
    return this.inner.oldest(max);
  }

  remove(messages: OutboundMessage[]) {
    return this.inner.remove(messages);
  }
}

export interface TwoCloudsOptions {
  /** How much faster than the wall clock the world's clock runs. Default 30. */
  scale?: number;
  /** How many keys both sides write (every key is written from both). Default 40. */
  keys?: number;
  /** Writes a second (clock time), both sides together, while `load` runs. Default 2. */
  ratePerSecond?: number;
  /**
   * The anti-entropy schedule on both sides (AWS at the start of each interval, Azure half an
   * interval later). Absent: no round runs, so only the triggers' own paths can heal a fault.
   */
  reconcile?: { intervalMs: number; settleMs: number };
}

/** What the audit finds: acknowledged writes not held by both sides as the winner, and keys that differ. */
export interface Audit {
  lost: number;
  diverged: number;
  acknowledged: number;
}

/**
 * Both clouds on memory stores and queues, each running its real functions (`createAwsFunctions`,
 * `createAzureFunctions`) on the trigger harness, with a clock `scale` times faster than the wall
 * clock. The queues behave as the Terraform modules configure them (`CLOUD_QUEUE_SETTINGS`: SQS
 * inbound visibility 360 s and maxReceiveCount 5; Service Bus inbound lock 1 min and
 * maxDeliveryCount 10; the stream's on-failure queue without a redrive policy).
 */
export function twoClouds(options: TwoCloudsOptions = {}) {
  const clock: TriggerClock = scaledClock(options.scale ?? 30);
  const errors: string[] = [];
  const onError = (trigger: string, error: Error) => {
    // A long outage fails thousands of invocations; the first ones say what happened.
    if (errors.length < 1000) errors.push(`${trigger}: ${error.message}`);
  };

  const { sqsInbound: sqs, serviceBusInbound: bus } = CLOUD_QUEUE_SETTINGS;
  const sqsInbound = new MemoryTransport({
    now: clock.now,
    visibilityTimeoutMs: sqs.visibilityTimeoutMs,
    maxDeliveries: sqs.maxReceiveCount,
  });
  const serviceBusInbound = new MemoryTransport({
    now: clock.now,
    visibilityTimeoutMs: bus.lockDurationMs,
    maxDeliveries: bus.maxDeliveryCount,
  });
  const relayFailures = new MemoryTransport({
    now: clock.now,
    visibilityTimeoutMs: CLOUD_QUEUE_SETTINGS.relayFailures.visibilityTimeoutMs,
    maxDeliveries: Number.MAX_SAFE_INTEGER, // no redrive policy
  });
  const parking = new MemoryParkingLot();
  const awsDeadLetters = new MemoryTransport({ now: clock.now });
  /** Each side's view of the other's queue, and Azure's parking lot, with faults to switch. */
  const toAzure = new FaultySender(serviceBusInbound);
  const toAws = new FaultySender(sqsInbound);
  const azureParking = new FaultyParkingLot(parking);

  const region = (name: 'aws' | 'azure') => {
    const store = new MemoryStore();
    const inFlight = new InFlightWrites();
    const hlc = new HybridLogicalClock({ region: name, now: clock.now });
    const metrics = new MemoryMetricsSink(1, clock.now);
    return {
      name,
      store,
      metrics,
      items: new ItemService({ store, clock: hlc, inFlight, now: clock.now }),
      resources: {
        region: name,
        store,
        index: store,
        feed: new PollingChangeFeed({ index: store, region: name, inFlight }),
        position: new MemoryCheckpointStore(),
        metrics,
        clock,
        onError,
      },
    };
  };
  const aws = region('aws');
  const azure = region('azure');
  const jobs = (phase: number) =>
    options.reconcile
      ? {
          reconcileIntervalMs: options.reconcile.intervalMs,
          reconcileSettleMs: options.reconcile.settleMs,
          reconcilePhase: phase,
        }
      : { reconcileIntervalMs: 24 * 3_600_000 };
  const deployments: Deployment[] = [
    deployAwsFunctions(
      { ...aws.resources, inbound: sqsInbound, peer: toAzure },
      {
        deadLetters: awsDeadLetters,
        relayFailures,
        deadLetterQueue: noDeadLetters,
        jobs: jobs(0),
      },
    ),
    deployAzureFunctions(
      { ...azure.resources, inbound: serviceBusInbound, peer: toAws },
      {
        parking: azureParking,
        deadLetterQueue: noDeadLetters,
        jobs: jobs(0.5),
      },
    ),
  ];
  const streamTrigger = deployments[0].feedTrigger as DynamoDbStreamTrigger;
  const changeFeedTrigger = deployments[1]
    .feedTrigger as CosmosChangeFeedTrigger;

  /** The newest acknowledged write of each key. */
  const newest = new Map<string, StoredItem>();
  let acknowledged = 0;
  const keys = Array.from({ length: options.keys ?? 40 }, (_, i) => `k${i}`);
  const rate = options.ratePerSecond ?? 2;
  const writing = { issued: 0, refused: 0, ms: 0, behindMs: 0 };
  let n = 0;
  /**
   * The next write. Writes go to the sides in turn and each pair of writes (one a side) goes to
   * the same key, picked at random (a fixed sequence), so every key is written from both sides
   * at once: a conflict the merge decides. About one write in ten is a delete (a tombstone). A
   * refused write (store failure) was not acknowledged: the client saw an error, there is
   * nothing to replicate.
   */
  const writeNext = async () => {
    const i = n++;
    const side = i % 2 === 0 ? aws : azure;
    const key = keys[mix(Math.floor(i / 2)) % keys.length];
    try {
      const item =
        mix(i + 0x9e3779b9) % 10 === 0
          ? await side.items.delete(key)
          : await side.items.put(key, { n: i, by: side.name });
      if (!item) return; // a delete of a key this side holds no item for: nothing to write
      acknowledged += 1;
      const seen = newest.get(key);
      if (!seen || item.version > seen.version) newest.set(key, item);
    } catch {
      writing.refused += 1;
    }
  };

  /** Keys whose newest acknowledged write is not what a side holds, and keys the sides disagree on. */
  const audit = (): Audit => {
    const held = (store: MemoryStore) =>
      new Map(store.snapshot().map(i => [i.key, i]));
    const [a, b] = [held(aws.store), held(azure.store)];
    const same = (x?: StoredItem, y?: StoredItem) =>
      x?.version === y?.version &&
      x?.deleted === y?.deleted &&
      JSON.stringify(x?.payload) === JSON.stringify(y?.payload);
    let lost = 0;
    let diverged = 0;
    for (const [key, winner] of newest) {
      if (!same(a.get(key), winner) || !same(b.get(key), winner)) lost += 1;
      if (!same(a.get(key), b.get(key))) diverged += 1;
    }
    return { lost, diverged, acknowledged };
  };

  return {
    clock,
    aws,
    azure,
    toAzure,
    toAws,
    azureParking,
    streamTrigger,
    changeFeedTrigger,
    queues: {
      sqsInbound,
      serviceBusInbound,
      relayFailures,
      parking,
      awsDeadLetters,
    },
    errors,
    audit,
    start: () => deployments.forEach(d => d.triggers.forEach(t => t.start())),
    stop: () =>
      Promise.all(deployments.flatMap(d => d.triggers.map(t => t.stop()))),
    /**
     * What `load` did so far: writes issued and refused, clock time spent writing, the worst lag
     * behind the schedule.
     */
    writing,
    /**
     * Writes at `ratePerSecond` (clock time) to both sides in turn, for `forMs` or until `until()`
     * holds. The writes due are issued every 100 ms of clock time, so the rate holds in clock time
     * as long as the machine keeps up; `writing.behindMs` says how far, at worst, the writes fell
     * behind their schedule.
     */
    async load(forMs: number, until: () => boolean = () => false) {
      const start = clock.now();
      let issued = 0;
      while (clock.now() - start < forMs && !until()) {
        const elapsed = clock.now() - start;
        const due = Math.floor((elapsed * rate) / 1000);
        if (due > issued + 1)
          writing.behindMs = Math.max(
            writing.behindMs,
            elapsed - ((issued + 1) * 1000) / rate,
          );
        for (; issued < due; issued++) await writeNext();
        await clock.sleep(100);
      }
      const ms = clock.now() - start;
      writing.issued += issued;
      writing.ms += ms;
      return { issued, ms };
    },
    /** Clock time until nothing is lost or diverged, or undefined after `timeoutMs`. */
    async convergence(timeoutMs: number) {
      const start = clock.now();
      while (clock.now() - start < timeoutMs) {
        const { lost, diverged } = audit();
        if (!lost && !diverged) return clock.now() - start;
        await clock.sleep(1000);
      }
      return undefined;
    },
  };
}

export type TwoClouds = ReturnType<typeof twoClouds>;

/** An integer hash (a fixed pseudo-random sequence, the same on every run). */
function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
