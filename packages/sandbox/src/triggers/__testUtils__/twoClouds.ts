/* eslint-disable jest/no-export -- a world shared by the trigger harness tests */
import {
  HybridLogicalClock,
  InFlightWrites,
  ItemService,
  MemoryCheckpointStore,
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
import {
  deployAwsFunctions,
  deployAzureFunctions,
  type Deployment,
} from '../deployments';
import { CLOUD_QUEUE_SETTINGS } from '../cloudSettings';
import { scaledClock, type TriggerClock } from '../TriggerClock';

/** A sender that can be made to refuse: always (an outage) or on every n-th call. */
/**
 * The harness proofs show what the triggers alone do: the redriver finds no dead letter (none is
 * expected), and the reconciler does not run within a test, so it cannot mend a lost batch
 * unnoticed.
 */
const noDeadLetters: DeadLetterQueue = {
  receive: async () => [],
  redrive: async () => undefined,
  release: async () => undefined,
};
const onlyTriggers = { reconcileIntervalMs: 24 * 3_600_000 };

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

/**
 * Both clouds on memory stores and queues, each running its real functions (`createAwsFunctions`,
 * `createAzureFunctions`) on the trigger harness, with a clock `scale` times faster than the wall
 * clock. The queues behave as the Terraform modules configure them (`CLOUD_QUEUE_SETTINGS`: SQS
 * inbound visibility 60 s and maxReceiveCount 5; Service Bus inbound lock 1 min and
 * maxDeliveryCount 10; the stream's on-failure queue without a redrive policy).
 */
export function twoClouds({ scale = 30 } = {}) {
  const clock: TriggerClock = scaledClock(scale);
  const errors: string[] = [];
  const onError = (trigger: string, error: Error) =>
    errors.push(`${trigger}: ${error.message}`);

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
    return {
      name,
      store,
      items: new ItemService({ store, clock: hlc, inFlight, now: clock.now }),
      resources: {
        region: name,
        store,
        index: store,
        feed: new PollingChangeFeed({ index: store, region: name, inFlight }),
        position: new MemoryCheckpointStore(),
        metrics: { replicationLag: () => undefined, count: () => undefined },
        clock,
        onError,
      },
    };
  };
  const aws = region('aws');
  const azure = region('azure');
  const deployments: Deployment[] = [
    deployAwsFunctions(
      { ...aws.resources, inbound: sqsInbound, peer: toAzure },
      {
        deadLetters: awsDeadLetters,
        relayFailures,
        deadLetterQueue: noDeadLetters,
        jobs: onlyTriggers,
      },
    ),
    deployAzureFunctions(
      { ...azure.resources, inbound: serviceBusInbound, peer: toAws },
      {
        parking: azureParking,
        deadLetterQueue: noDeadLetters,
        jobs: onlyTriggers,
      },
    ),
  ];

  const acknowledged: StoredItem[] = [];
  const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
  let n = 0;
  /** One write on each side, to keys both sides write (conflicts); store failures are refusals. */
  const writeBoth = async () => {
    for (const side of [aws, azure]) {
      n += 1;
      const key = keys[n % keys.length];
      try {
        acknowledged.push(await side.items.put(key, { n, by: side.name }));
      } catch {
        // Not acknowledged: the client saw an error, nothing to replicate.
      }
    }
  };

  /** Keys whose newest acknowledged version is missing on a side, and keys the sides disagree on. */
  const audit = () => {
    const newest = new Map<string, string>();
    for (const w of acknowledged)
      if (!newest.has(w.key) || w.version > newest.get(w.key)!)
        newest.set(w.key, w.version);
    const held = (store: MemoryStore) =>
      new Map(store.snapshot().map(i => [i.key, i.version]));
    const [a, b] = [held(aws.store), held(azure.store)];
    let lost = 0;
    let diverged = 0;
    for (const [key, version] of newest) {
      if (a.get(key) !== version || b.get(key) !== version) lost += 1;
      if (a.get(key) !== b.get(key)) diverged += 1;
    }
    return { lost, diverged, acknowledged: acknowledged.length };
  };

  return {
    clock,
    aws,
    azure,
    toAzure,
    toAws,
    azureParking,
    queues: {
      sqsInbound,
      serviceBusInbound,
      relayFailures,
      parking,
      awsDeadLetters,
    },
    errors,
    writeBoth,
    audit,
    start: () => deployments.forEach(d => d.triggers.forEach(t => t.start())),
    stop: () =>
      Promise.all(deployments.flatMap(d => d.triggers.map(t => t.stop()))),
    /** Writes on both sides every `everyMs` of clock time for `forMs`. */
    async load(forMs: number, everyMs = 1000) {
      const end = clock.now() + forMs;
      while (clock.now() < end) {
        await writeBoth();
        await clock.sleep(everyMs);
      }
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
