import {
  HybridLogicalClock,
  InFlightWrites,
  ItemService,
  MemoryStore,
  type StoredItem,
  type VersionIndex,
} from '@multicloud/runtime';
import { EmulatedChangeFeed } from './EmulatedChangeFeed';

/** A store whose own commits reach the feed as they commit, and an index that counts queries. */
function region(existing: MemoryStore = new MemoryStore()) {
  const inFlight = new InFlightWrites();
  let queries = 0;
  const index: VersionIndex = {
    changesSince: (...args) => {
      queries += 1;
      return existing.changesSince(...args);
    },
  };
  const feed = new EmulatedChangeFeed({ index, region: 'azure', inFlight });
  const items = new ItemService({
    store: {
      ...existing,
      get: k => existing.get(k),
      list: o => existing.list(o),
      ping: () => existing.ping(),
      scanVersions: o => existing.scanVersions(o),
      apply: async e => {
        const outcome = await existing.apply(e);
        if (outcome === 'applied')
          feed.committed({ ...(await existing.get(e.key))! });
        return outcome;
      },
    },
    clock: new HybridLogicalClock({ region: 'azure' }),
    inFlight,
  });
  return { feed, items, queries: () => queries };
}

async function drain(feed: EmulatedChangeFeed, from?: string) {
  const read: StoredItem[] = [];
  let checkpoint = from;
  for (;;) {
    const batch = await feed.read(checkpoint, { max: 2 });
    if (!batch.changes.length) return { read, checkpoint };
    read.push(...batch.changes);
    checkpoint = batch.checkpoint;
  }
}

describe('EmulatedChangeFeed', () => {
  it('hands over what was committed before it started from the index, then new commits from memory', async () => {
    const store = new MemoryStore();
    const before = region(store);
    for (const k of ['a', 'b', 'c']) await before.items.put(k, {});

    // A new process on the same store: the earlier commits are only in the index. It starts a
    // moment later: a fresh clock in the same millisecond would number its first write below
    // the last one committed (counter 0 again), which no restarted process does.
    await new Promise(r => setTimeout(r, 5));
    const after = region(store);
    const first = await drain(after.feed);
    expect(first.read.map(i => i.key)).toEqual(['a', 'b', 'c']);

    const queriesWhenCaughtUp = after.queries();
    for (const k of ['d', 'e', 'f']) await after.items.put(k, {});
    const second = await drain(after.feed, first.checkpoint);
    expect(second.read.map(i => i.key)).toEqual(['d', 'e', 'f']);
    expect(after.queries()).toBe(queriesWhenCaughtUp);
  });

  it('gives a batch again from the same checkpoint, as a trigger retrying it asks', async () => {
    const { feed, items } = region();
    await drain(feed);
    await items.put('a', {});
    const once = await feed.read(undefined);
    const again = await feed.read(undefined);
    expect(again).toEqual(once);
    expect(once.changes.map(i => i.key)).toEqual(['a']);
  });

  it('holds back behind a write still in flight', async () => {
    const store = new MemoryStore();
    const inFlight = new InFlightWrites();
    const feed = new EmulatedChangeFeed({
      index: store,
      region: 'azure',
      inFlight,
    });
    await drain(feed);
    let commitOlder: () => void = () => undefined;
    const older = inFlight.track(
      'v1',
      () => new Promise<void>(r => (commitOlder = r)),
    );
    await inFlight.track('v2', async () =>
      feed.committed({
        key: 'b',
        payload: {},
        version: 'v2',
        source_region: 'azure',
        timestamp: 0,
        event_id: 'e2',
        deleted: false,
      }),
    );
    expect((await feed.read(undefined)).changes).toEqual([]);
    feed.committed({
      key: 'a',
      payload: {},
      version: 'v1',
      source_region: 'azure',
      timestamp: 0,
      event_id: 'e1',
      deleted: false,
    });
    commitOlder();
    await older;
    expect((await feed.read(undefined)).changes.map(i => i.version)).toEqual([
      'v1',
      'v2',
    ]);
  });
});
