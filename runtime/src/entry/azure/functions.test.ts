import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { InvocationContext as Context } from '@azure/functions';
import { formatVersion } from '../../domain/version';
import { MemoryStore } from '../../stores/MemoryStore';
import { MemoryParkingLot } from '../../transports/MemoryParkingLot';
import { MemoryTransport } from '../../transports/MemoryTransport';
import { applyRetryDelayMs, createAzureFunctions } from './functions';

/** A dead-letter queue with nothing in it: these tests do not run the redriver. */
const noDeadLetters: DeadLetterQueue = {
  receive: async () => [],
  redrive: async () => undefined,
  release: async () => undefined,
};

const config = {
  REGION_ID: 'azure',
  AZURE_REGION: 'local',
  SERVICE_VERSION: 'test',
  CONSISTENCY_MODE: 'active-active' as const,
  FORWARD_WRITES: 'false' as const,
  MAX_CLOCK_DRIFT_MS: 500,
};

const context = (triggerMetadata: Record<string, unknown> = {}) =>
  new Context({
    triggerMetadata,
    logHandler: () => undefined,
  }) as InvocationContext;

const document = (id: string) => ({
  id,
  payload: { id },
  version: formatVersion({ wallMs: Date.now(), counter: 0, region: 'azure' }),
  source_region: 'azure',
  timestamp: Date.now(),
  event_id: `e-${id}`,
  deleted: false,
});

function azure() {
  const store = new MemoryStore();
  const peer = new MemoryTransport();
  const parking = new MemoryParkingLot();
  const slept: number[] = [];
  const fns = createAzureFunctions({
    config,
    store,
    peer,
    parking,
    deadLetterQueue: noDeadLetters,
    metrics: { replicationLag: () => undefined, count: () => undefined },
    sleep: async ms => void slept.push(ms),
  });
  return { fns, store, peer, parking, slept };
}

describe('the Azure functions', () => {
  it('park what AWS’s queue refuses, and re-send it on the next run once it takes it', async () => {
    const { fns, peer, parking } = azure();
    peer.failure = new Error('SQS unreachable');
    await fns.relay([document('a'), document('b')], context());
    expect(parking.size).toBe(2);

    await fns.resendParked({}, context());
    expect(parking.size).toBe(2); // still refused: nothing leaves the lot

    peer.failure = undefined;
    await fns.resendParked({}, context());
    expect(parking.size).toBe(0);
    // Re-sent packed, as the relay sends (one pack of both events), without the parking reason.
    const sent = await peer.receive({ maxMessages: 10 });
    expect(sent).toHaveLength(1);
    expect(
      JSON.parse(sent[0].body)
        .events.map((e: { key: string }) => e.key)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(sent.every(m => !('parked_reason' in m.attributes))).toBe(true);
    expect(JSON.stringify(sent)).not.toContain('parked_reason');
  });

  it('throw from the relay, so the retry policy keeps the lease, only when parking fails too', async () => {
    const { fns, peer, parking } = azure();
    peer.failure = new Error('SQS unreachable');
    parking.park = async () => {
      throw new Error('Cosmos DB unreachable');
    };
    await expect(fns.relay([document('a')], context())).rejects.toThrow(
      'Cosmos DB unreachable',
    );
  });

  const remoteEvent = (key: string) => ({
    event_id: randomUUID(),
    source_region: 'aws',
    op_type: 'put',
    key,
    payload: {},
    timestamp: Date.now(),
    version: formatVersion({ wallMs: Date.now(), counter: 0, region: 'aws' }),
  });

  it('wait before failing a batch the store could not take, longer with each delivery of its most-delivered failing message', async () => {
    const { fns, store, slept } = azure();
    store.failure = new Error('store unavailable');
    for (const deliveryCount of [1, 2, 6, 10])
      await expect(
        fns.apply(
          [remoteEvent('k'), remoteEvent('l')],
          context({ deliveryCountArray: [1, deliveryCount] }),
        ),
      ).rejects.toThrow('store unavailable');
    expect(slept).toEqual([1000, 2000, 30_000, 30_000]);
  });

  it('apply every event of a batch in one execution', async () => {
    const { fns, store } = azure();
    const events = ['a', 'b', 'c'].map(remoteEvent);
    await fns.apply(events, context({ deliveryCountArray: [1, 1, 1] }));
    for (const e of events)
      expect((await store.get(e.key))?.version).toBe(e.version);
  });

  it('apply the valid neighbours of a poison event at once, and fail the batch, naming the poison, so the queue counts its delivery', async () => {
    const { fns, store, slept } = azure();
    const good = [remoteEvent('a'), remoteEvent('b')];
    const errors: unknown[] = [];
    const ctx = new Context({
      triggerMetadata: {
        deliveryCountArray: [1, 1, 1],
        messageIdArray: ['m-a', 'm-poison', 'm-b'],
      },
      logHandler: (level, ...args) => {
        if (level === 'error') errors.push(args.join(' '));
      },
    }) as InvocationContext;
    await expect(
      fns.apply([good[0], { not: 'an event' }, good[1]], ctx),
    ).rejects.toThrow(/message m-poison/);
    for (const e of good)
      expect((await store.get(e.key))?.version).toBe(e.version);
    expect(errors).toEqual([expect.stringContaining('m-poison')]);
    expect(slept).toEqual([]); // a poison event waits for nothing: its deliveries run out
  });

  it('spread ten deliveries over more than two minutes, longer than a 1-minute store outage', () => {
    const waits = Array.from({ length: 9 }, (_, i) => applyRetryDelayMs(i + 1));
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(120_000);
    expect(waits.slice(0, 6).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      60_000,
    );
  });

  it('start an anti-entropy round on the reconcile timer, and answer the other side’s round on apply', async () => {
    const a = azure();
    const wallMs = Date.now() - 120_000; // older than the 60 s settle window
    await a.store.apply({
      event_id: randomUUID(),
      source_region: 'azure',
      op_type: 'put',
      key: 'only-here',
      payload: {},
      timestamp: wallMs,
      version: formatVersion({ wallMs, counter: 0, region: 'azure' }),
    });
    expect(await a.fns.reconcile({}, context())).toMatchObject({
      compared: 1,
    });
    const [digests] = await a.peer.receive({ maxMessages: 10 });
    expect(JSON.parse(digests.body)).toMatchObject({
      kind: 'anti-entropy',
      step: 'digests',
    });

    // The other side, which lacks the item, answers over its own peer queue instead of failing.
    const b = azure();
    await b.fns.apply([JSON.parse(digests.body)], context());
    const answers = await b.peer.receive({ maxMessages: 10 });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every(m => JSON.parse(m.body).kind === 'anti-entropy')).toBe(
      true,
    );
  });

  it('report an empty dead-letter queue from the redrive timer', async () => {
    const { fns } = azure();
    expect(await fns.redrive({}, context())).toEqual({
      redriven: 0,
      awaitingPerson: 0,
    });
  });
});
