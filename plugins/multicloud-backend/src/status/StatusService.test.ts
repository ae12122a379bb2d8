import type { CacheService } from '@backstage/backend-plugin-api';
import { fakeProvider, ordersLocation } from '../__testUtils__/fakeProvider';
import type { ServiceLocation } from '../providers/types';
import { StatusService } from './StatusService';

/** An in-memory cache that honours `ttl` on the test's clock, and counts its reads. */
function memoryCache(now: () => number): CacheService & { reads: number } {
  const entries = new Map<string, { value: unknown; until: number }>();
  const cache: CacheService & { reads: number } = {
    reads: 0,
    get: async key => {
      cache.reads += 1;
      const entry = entries.get(key);
      return entry && entry.until > now() ? (entry.value as never) : undefined;
    },
    set: async (key, value, options) => {
      const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
      entries.set(key, { value, until: now() + ttl });
    },
    delete: async key => {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

function setup() {
  let clock = 1_000_000;
  const now = () => clock;
  const { provider, state } = fakeProvider();
  const reads: string[] = [];
  const getHealth = provider.health.getHealth;
  provider.health.getHealth = async service => {
    reads.push(service.serviceId);
    return getHealth(service);
  };
  const cache = memoryCache(now);
  const statuses = new StatusService({
    cache,
    refreshMs: 5_000,
    watchMs: 60_000,
    now,
  });
  return {
    provider,
    state,
    reads,
    cache,
    statuses,
    /** Another backend instance sharing the cache. */
    peer: () =>
      new StatusService({ cache, refreshMs: 5_000, watchMs: 60_000, now }),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const payments: ServiceLocation = {
  ...ordersLocation,
  entityRef: 'component:default/payments',
  serviceId: 'payments',
};

describe('StatusService', () => {
  it('reads a status on its first view and serves later views from the cache', async () => {
    const { provider, reads, statuses } = setup();
    const first = await statuses.get(provider, ordersLocation);
    const second = await statuses.get(provider, ordersLocation);
    expect(reads).toEqual(['orders']);
    expect(second).toEqual(first);
    expect(first.clouds.map(c => c.ok)).toEqual([true, true]);
  });

  it('serves the cached JSON as it is, and with its own ref to another entity naming the same service', async () => {
    const { provider, reads, statuses } = setup();
    const json = await statuses.getJson(provider, ordersLocation);
    expect(await statuses.getJson(provider, ordersLocation)).toBe(json);
    const alias = { ...ordersLocation, entityRef: 'component:team-b/orders' };
    const aliased = JSON.parse(await statuses.getJson(provider, alias));
    expect(aliased).toEqual({
      ...JSON.parse(json),
      entityRef: alias.entityRef,
    });
    expect(reads).toEqual(['orders']);
  });

  it('re-reads every watched status in one refresh, so viewers never wait on the clouds', async () => {
    const { provider, state, reads, statuses, advance } = setup();
    await statuses.get(provider, ordersLocation);
    await statuses.get(provider, payments);
    state.health.aws = 'unhealthy';
    advance(5_000);
    expect(await statuses.refresh()).toEqual({ refreshed: 2 });
    expect(reads).toEqual(['orders', 'payments', 'orders', 'payments']);
    // The refreshed status is what the next viewer sees, without another upstream read.
    const seen = await statuses.get(provider, ordersLocation);
    expect(reads).toHaveLength(4);
    expect(seen.clouds[0]).toMatchObject({
      ok: true,
      data: { health: 'unhealthy' },
    });
  });

  it('stops refreshing a status nobody has viewed within the watch window', async () => {
    const { provider, reads, statuses, advance } = setup();
    await statuses.get(provider, ordersLocation);
    advance(30_000);
    await statuses.get(provider, payments);
    advance(40_000);
    expect(await statuses.refresh()).toEqual({ refreshed: 1 });
    expect(reads.slice(2)).toEqual(['payments']);
  });

  it('reads again after invalidate (a replay or failover changed it)', async () => {
    const { provider, reads, statuses } = setup();
    await statuses.get(provider, ordersLocation);
    await statuses.invalidate(provider, ordersLocation);
    await statuses.get(provider, ordersLocation);
    expect(reads).toEqual(['orders', 'orders']);
  });

  it('keeps the last status when a refresh cannot read a service', async () => {
    const { provider, reads, statuses, advance } = setup();
    const before = await statuses.get(provider, ordersLocation);
    provider.health.getHealth = async () => {
      throw new Error('catalog of clouds unreachable');
    };
    provider.traffic.getWeights = async () => {
      throw new Error('unreachable');
    };
    advance(5_000);
    await expect(statuses.refresh()).resolves.toEqual({ refreshed: 1 });
    expect(await statuses.get(provider, ordersLocation)).toEqual(before);
    expect(reads).toEqual(['orders']);
  });

  it("re-reads each status on its provider's own period: the sandbox every second, others on the configured one", async () => {
    const { provider, reads, statuses, advance } = setup();
    const fast = fakeProvider().provider;
    Object.assign(fast, { name: 'fast', refreshMs: 1_000 });
    const fastReads: string[] = [];
    const getHealth = fast.health.getHealth;
    fast.health.getHealth = async service => {
      fastReads.push(service.serviceId);
      return getHealth(service);
    };
    await statuses.get(provider, ordersLocation);
    await statuses.get(fast, payments);
    advance(1_000);
    expect(await statuses.refresh()).toEqual({ refreshed: 1 });
    expect(fastReads).toEqual(['payments', 'payments']);
    expect(reads).toEqual(['orders']);
    advance(4_000);
    expect(await statuses.refresh()).toEqual({ refreshed: 2 });
    expect(reads).toEqual(['orders', 'orders']);
  });

  it('serves polls from the status this instance read, encoded once, without reading the cache', async () => {
    const { provider, cache, statuses } = setup();
    const first = await statuses.getBody(provider, ordersLocation);
    const cacheReads = cache.reads;
    const second = await statuses.getBody(provider, ordersLocation);
    expect(second.body).toBe(first.body);
    expect(second.etag).toBe(first.etag);
    expect(cache.reads).toBe(cacheReads);
    expect(JSON.parse(first.body.toString())).toEqual(JSON.parse(first.json));
  });

  it("serves another instance's status from the shared cache without reading the clouds", async () => {
    const { provider, reads, statuses, peer } = setup();
    const mine = await statuses.getBody(provider, ordersLocation);
    const theirs = await peer().getBody(provider, ordersLocation);
    expect(theirs.json).toBe(mine.json);
    expect(theirs.etag).toBe(mine.etag);
    expect(reads).toEqual(['orders']);
  });

  it('gives a refreshed status a new ETag, and the same one while it stays', async () => {
    const { provider, state, statuses, advance } = setup();
    const before = await statuses.getBody(provider, ordersLocation);
    state.health.aws = 'unhealthy';
    advance(5_000);
    await statuses.refresh();
    const after = await statuses.getBody(provider, ordersLocation);
    expect(after.etag).not.toBe(before.etag);
    expect((await statuses.getBody(provider, ordersLocation)).etag).toBe(
      after.etag,
    );
  });

  it('stops serving a status no refresh could read again once its two periods are over', async () => {
    const { provider, reads, statuses, advance } = setup();
    await statuses.get(provider, ordersLocation);
    const getHealth = provider.health.getHealth;
    provider.health.getHealth = async () => {
      throw new Error('unreachable');
    };
    provider.traffic.getWeights = async () => {
      throw new Error('unreachable');
    };
    advance(5_000);
    await statuses.refresh();
    advance(5_000);
    provider.health.getHealth = getHealth;
    await statuses.get(provider, ordersLocation);
    expect(reads).toEqual(['orders', 'orders']);
  });
});
