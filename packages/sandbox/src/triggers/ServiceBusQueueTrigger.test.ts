import { MemoryTransport } from '@multicloud/runtime';
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
});
