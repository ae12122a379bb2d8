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
    expect(written.version > formatVersion({ wallMs: now + 100, counter: 0, region: 'aws' })).toBe(true);
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
      version: formatVersion({ wallMs: now + 3_600_000, counter: 0, region: 'aws' }),
    });
    await expect(items.put('far', { from: 'this write' })).rejects.toThrow(/ahead/);
    expect((await items.get('far'))?.payload).toEqual({ from: 'a bad clock' });
  });
});
