import { MemoryTransport } from '@multicloud/runtime';
import { ServiceBusQueueTrigger } from './ServiceBusQueueTrigger';
import { scaledClock } from './TriggerClock';

describe('ServiceBusQueueTrigger (Functions Service Bus trigger)', () => {
  it('abandons a message whose execution threw, which comes back at once until the queue dead-letters it', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({
      now: clock.now,
      maxDeliveries: 10,
      visibilityTimeoutMs: 60_000,
    });
    await queue.send([{ id: 'e1', body: '{"n":1}' }]);
    const seen: { at: number; deliveryCount: unknown; body: unknown }[] = [];
    const trigger = new ServiceBusQueueTrigger({
      queue,
      clock,
      maxConcurrentCalls: 1,
      handler: async (body, context) => {
        seen.push({
          at: clock.now(),
          deliveryCount: context.triggerMetadata?.deliveryCount,
          body,
        });
        throw new Error('store unavailable');
      },
    });
    trigger.start();
    for (let i = 0; i < 500 && !(await queue.depth()).deadLettered; i++)
      await new Promise(r => setTimeout(r, 10));
    await trigger.stop();
    expect(seen.map(s => s.deliveryCount)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(seen[0].body).toEqual({ n: 1 });
    // No lock expiry in between: all ten deliveries within a few seconds of each other.
    expect(seen[9].at - seen[0].at).toBeLessThan(60_000);
    expect((await queue.depth()).deadLettered).toBe(1);
  });

  it('completes a message whose execution succeeded', async () => {
    const clock = scaledClock(1000);
    const queue = new MemoryTransport({ now: clock.now });
    await queue.send([{ id: 'e1', body: 'plain text' }]);
    const bodies: unknown[] = [];
    const trigger = new ServiceBusQueueTrigger({
      queue,
      clock,
      handler: async body => void bodies.push(body),
    });
    trigger.start();
    for (let i = 0; i < 500 && !bodies.length; i++)
      await new Promise(r => setTimeout(r, 10));
    await trigger.stop();
    expect(bodies).toEqual(['plain text']);
    expect(await queue.depth()).toEqual({
      active: 0,
      inFlight: 0,
      deadLettered: 0,
    });
  });
});
