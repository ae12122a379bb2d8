import {
  HybridLogicalClock,
  ItemService,
  MemoryCheckpointStore,
  MemoryStore,
  PollingChangeFeed,
} from '@multicloud/runtime';
import { CosmosChangeFeedTrigger, retryDelay } from './CosmosChangeFeedTrigger';
import { scaledClock } from './TriggerClock';

async function container() {
  const clock = scaledClock(1000);
  const store = new MemoryStore();
  const items = new ItemService({
    store,
    clock: new HybridLogicalClock({ region: 'azure', now: clock.now }),
    now: clock.now,
  });
  const last = await items.put('a', {});
  return {
    clock,
    last,
    feed: new PollingChangeFeed({ index: store, region: 'azure' }),
    leases: new MemoryCheckpointStore(),
  };
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 500 && !(await check()); i++)
    await new Promise(r => setTimeout(r, 10));
}

describe('CosmosChangeFeedTrigger (Functions Cosmos DB trigger)', () => {
  it('without a retry policy, moves the lease past a batch whose execution threw: the batch is lost', async () => {
    const c = await container();
    const handler = jest.fn(async () => {
      throw new Error('send failed');
    });
    const trigger = new CosmosChangeFeedTrigger({ ...c, handler });
    trigger.start();
    await until(async () => (await c.leases.load()) !== undefined);
    await trigger.stop();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(trigger.lostBatches).toBe(1);
    expect(await c.leases.load()).toBe(c.last.version);
  });

  it('with a retry policy, retries the same batch and writes the lease only once it succeeds', async () => {
    const c = await container();
    let calls = 0;
    const leasesWhileFailing: (string | undefined)[] = [];
    const handler = jest.fn(async (documents: unknown[]) => {
      calls += 1;
      expect(documents).toEqual([expect.objectContaining({ id: 'a' })]);
      if (calls <= 3) {
        leasesWhileFailing.push(await c.leases.load());
        throw new Error('send failed');
      }
    });
    const trigger = new CosmosChangeFeedTrigger({
      ...c,
      handler,
      retry: {
        strategy: 'exponentialBackoff',
        maxRetryCount: -1,
        minimumInterval: 1000,
        maximumInterval: 60_000,
      },
    });
    trigger.start();
    await until(async () => (await c.leases.load()) !== undefined);
    await trigger.stop();
    expect(handler).toHaveBeenCalledTimes(4);
    expect(leasesWhileFailing).toEqual([undefined, undefined, undefined]);
    expect(trigger.lostBatches).toBe(0);
  });

  it('waits as the documented policies say: exponential from the minimum to the maximum, fixed, or no more', () => {
    const exponential = {
      strategy: 'exponentialBackoff' as const,
      maxRetryCount: 5,
      minimumInterval: { seconds: 1 },
      maximumInterval: { seconds: 10 },
    };
    expect([0, 1, 2, 3, 4, 5].map(r => retryDelay(exponential, r))).toEqual([
      1000,
      2000,
      4000,
      8000,
      10_000,
      undefined,
    ]);
    expect(
      retryDelay(
        { strategy: 'fixedDelay', maxRetryCount: -1, delayInterval: 5000 },
        1_000,
      ),
    ).toBe(5000);
    expect(retryDelay(undefined, 0)).toBeUndefined();
  });
});
