import {
  formatVersion,
  inboundLetterProblem,
  MemoryParkingLot,
  MemoryStore,
  MemoryTransport,
} from '@multicloud/runtime';
import {
  applyDeliverySpanMs,
  createAzureFunctions,
} from '@multicloud/runtime/azure';
import { randomUUID } from 'node:crypto';
import { FUNCTIONS_SERVICE_BUS_TRIGGER } from './cloudSettings';
import { ServiceBusQueueTrigger } from './ServiceBusQueueTrigger';
import { scaledClock } from './TriggerClock';

const until = async (done: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await done()); i++)
    await new Promise(r => setTimeout(r, 10));
};

describe('ServiceBusQueueTrigger (Functions Service Bus trigger, batch mode)', () => {
  it('abandons every message of a batch whose execution threw; they come back at once until the queue dead-letters them', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({
      now: clock.now,
      maxDeliveries: 10,
      visibilityTimeoutMs: 60_000,
    });
    await queue.send([
      { id: 'e1', body: '{"n":1}' },
      { id: 'e2', body: '{"n":2}' },
    ]);
    const seen: { at: number; deliveryCounts: unknown; bodies: unknown }[] = [];
    const trigger = new ServiceBusQueueTrigger({
      queue,
      clock,
      maxMessageBatchSize: 100,
      handler: async (bodies, context) => {
        seen.push({
          at: clock.now(),
          deliveryCounts: context.triggerMetadata?.deliveryCountArray,
          bodies,
        });
        throw new Error('store unavailable');
      },
    });
    trigger.start();
    await until(async () => (await queue.depth()).deadLettered === 2);
    await trigger.stop();
    expect(seen.map(s => s.deliveryCounts)).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, i + 1]),
    );
    expect(seen[0].bodies).toEqual([{ n: 1 }, { n: 2 }]);
    // No lock expiry in between: all ten deliveries within a few seconds of each other.
    expect(seen[9].at - seen[0].at).toBeLessThan(60_000);
  });

  it('runs the function once for the messages waiting, up to maxMessageBatchSize, and completes them all when it succeeds', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({ now: clock.now });
    await queue.send(
      Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, body: `text ${i}` })),
    );
    const batches: unknown[][] = [];
    const trigger = new ServiceBusQueueTrigger({
      queue,
      clock,
      maxMessageBatchSize: 3,
      handler: async bodies => void batches.push(bodies),
    });
    trigger.start();
    await until(() => batches.flat().length === 5);
    await trigger.stop();
    expect(batches).toEqual([
      ['text 0', 'text 1', 'text 2'],
      ['text 3', 'text 4'],
    ]);
    expect(await queue.depth()).toEqual({
      active: 0,
      inFlight: 0,
      deadLettered: 0,
    });
  });

  it('with the Azure apply: the valid neighbours of a poison event are applied at once, and the poison is dead-lettered with a reason the redriver can read', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({
      now: clock.now,
      maxDeliveries: 10,
      visibilityTimeoutMs: 60_000,
    });
    const store = new MemoryStore();
    const fns = createAzureFunctions({
      config: {
        REGION_ID: 'azure',
        AZURE_REGION: 'local',
        SERVICE_VERSION: 'test',
        CONSISTENCY_MODE: 'active-active',
        FORWARD_WRITES: 'false',
        MAX_CLOCK_DRIFT_MS: 500,
      },
      store,
      peer: new MemoryTransport(),
      parking: new MemoryParkingLot(),
      deadLetterQueue: {
        receive: async () => [],
        redrive: async () => undefined,
        release: async () => undefined,
      },
      metrics: { replicationLag: () => undefined, count: () => undefined },
      sleep: ms => clock.sleep(ms),
      now: clock.now,
    });
    const event = (key: string, wallMs = clock.now()) =>
      JSON.stringify({
        event_id: randomUUID(),
        source_region: 'aws',
        op_type: 'put',
        key,
        payload: { key },
        timestamp: wallMs,
        version: formatVersion({ wallMs, counter: 0, region: 'aws' }),
      });
    // A clock an hour ahead: never applied, whatever the delivery.
    const poison = event('from-the-future', clock.now() + 3_600_000);
    await queue.send([
      { id: 'a', body: event('a') },
      { id: 'poison', body: poison },
      { id: 'b', body: event('b') },
    ]);
    const appliedAfterEach: string[][] = [];
    const trigger = new ServiceBusQueueTrigger({
      queue,
      clock,
      maxMessageBatchSize: FUNCTIONS_SERVICE_BUS_TRIGGER.maxMessageBatchSize,
      handler: async (messages, context) => {
        try {
          await fns.apply(messages, context);
        } finally {
          appliedAfterEach.push(
            (await store.list()).items.map(i => i.key).sort(),
          );
        }
      },
    });
    trigger.start();
    await until(async () => (await queue.depth()).deadLettered === 3);
    await trigger.stop();
    // Both neighbours applied by the first execution, which failed for the poison.
    expect(appliedAfterEach[0]).toEqual(['a', 'b']);
    const letters = await queue.peekDeadLetters();
    const letter = letters.find(l => l.id === 'poison')!;
    expect(letter.deliveryCount).toBe(10);
    const problem = inboundLetterProblem(500, applyDeliverySpanMs(10) + 500);
    expect(problem({ body: letter.body, enqueuedAt: clock.now() })).toMatch(
      /ahead of the time the queue took it/,
    );
    // Redelivered beside the poison every time, the neighbours were dead-lettered with it: the
    // redriver finds nothing wrong with them, so it sends them back (and they apply as duplicates).
    for (const id of ['a', 'b'])
      expect(
        problem({
          body: letters.find(l => l.id === id)!.body,
          enqueuedAt: clock.now(),
        }),
      ).toBeUndefined();
    expect(await store.get('from-the-future')).toBeUndefined();
  });
});
