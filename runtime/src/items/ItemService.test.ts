import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { formatVersion } from '../domain/version';
import { MemoryStore } from '../stores/MemoryStore';
import { ItemService } from './ItemService';

describe('ItemService', () => {
  it('stamps a write again when a newer version of the key landed first, instead of failing it', async () => {
    let now = 1_000_000;
    const store = new MemoryStore();
    const items = new ItemService({
      store,
      clock: new HybridLogicalClock({ region: 'azure', now: () => now }),
      now: () => now,
    });
    // What a concurrent write stamped later but stored first leaves: a version ahead of the
    // one this write is about to take (here 100 ms ahead, within the allowed drift).
    await store.apply({
      event_id: '00000000-0000-4000-8000-000000000001',
      source_region: 'aws',
      op_type: 'put',
      key: 'k',
      payload: { from: 'concurrent' },
      timestamp: now + 100,
      version: formatVersion({ wallMs: now + 100, counter: 0, region: 'aws' }),
    });
    const written = await items.put('k', { from: 'this write' });
    expect(
      written.version >
        formatVersion({ wallMs: now + 100, counter: 0, region: 'aws' }),
    ).toBe(true);
    expect((await items.get('k'))?.payload).toEqual({ from: 'this write' });
    expect((await items.get('k'))?.version).toBe(written.version);

    // A stored version beyond the clock's allowed drift is refused, and nothing is written.
    now += 1;
    await store.apply({
      event_id: '00000000-0000-4000-8000-000000000002',
      source_region: 'aws',
      op_type: 'put',
      key: 'far',
      payload: { from: 'a bad clock' },
      timestamp: now + 3_600_000,
      version: formatVersion({
        wallMs: now + 3_600_000,
        counter: 0,
        region: 'aws',
      }),
    });
    await expect(items.put('far', { from: 'this write' })).rejects.toThrow(
      /ahead/,
    );
    expect((await items.get('far'))?.payload).toEqual({ from: 'a bad clock' });
  });

  it('stores concurrent writes of one key in the order it stamps them, none refused', async () => {
    const store = new MemoryStore();
    // A store whose writes finish in the reverse order they start, as a conditional write that
    // retries lets a later one in first.
    let delay = 50;
    const reordering = Object.create(store) as MemoryStore;
    reordering.apply = async event => {
      const wait = (delay = Math.max(0, delay - 5));
      await new Promise(r => setTimeout(r, wait));
      return store.apply(event);
    };
    const items = new ItemService({
      store: reordering,
      clock: new HybridLogicalClock({ region: 'azure' }),
    });
    const written = await Promise.all(
      Array.from({ length: 10 }, (_, i) => items.put('k', { i })),
    );
    const versions = written.map(w => w.version);
    expect([...versions].sort()).toEqual(versions);
    expect((await items.get('k'))?.payload).toEqual({ i: 9 });
  });
});
