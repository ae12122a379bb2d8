/* eslint-disable jest/no-export -- a shared suite that each adapter's test file runs */
/**
 * The behaviour every Store adapter must have; run against each adapter by its own test file.
 */
import { randomUUID } from 'node:crypto';
import type { ReplicationEvent } from '../../domain/event';
import { formatVersion } from '../../domain/version';
import { InvalidCursorError, type Store } from '../../ports/Store';

export function event(
  overrides: Partial<ReplicationEvent> & {
    key: string;
    wallMs: number;
    region?: string;
  },
): ReplicationEvent {
  const { wallMs, region = 'aws', ...rest } = overrides;
  return {
    event_id: randomUUID(),
    source_region: region,
    op_type: 'put',
    payload: { n: wallMs },
    timestamp: wallMs,
    version: formatVersion({ wallMs, counter: 0, region }),
    ...rest,
  };
}

export function describeStoreConformance(
  name: string,
  makeStore: () => Promise<Store>,
) {
  describe(`${name} conforms to the Store port`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('applies a newer event and refuses an older or equal one', async () => {
      const key = `k-${randomUUID()}`;
      expect(await store.apply(event({ key, wallMs: 2000 }))).toBe('applied');
      expect(await store.apply(event({ key, wallMs: 1000 }))).toBe('stale');
      const same = event({ key, wallMs: 2000 });
      expect(await store.apply(same)).toBe('stale');
      expect((await store.get(key))?.payload).toEqual({ n: 2000 });
    });

    it('is idempotent: the same event twice leaves one state', async () => {
      const key = `k-${randomUUID()}`;
      const e = event({
        key,
        wallMs: 3000,
        payload: { name: 'a', nested: { list: [1, 2] } },
      });
      expect(await store.apply(e)).toBe('applied');
      expect(await store.apply(e)).toBe('stale');
      expect(await store.get(key)).toEqual({
        key,
        payload: { name: 'a', nested: { list: [1, 2] } },
        version: e.version,
        source_region: 'aws',
        timestamp: 3000,
        event_id: e.event_id,
        deleted: false,
      });
    });

    it('keeps deletes as tombstones that an older put cannot undo', async () => {
      const key = `k-${randomUUID()}`;
      await store.apply(event({ key, wallMs: 1000 }));
      expect(
        await store.apply(
          event({
            key,
            wallMs: 2000,
            op_type: 'delete',
            payload: null,
            region: 'azure',
          }),
        ),
      ).toBe('applied');
      expect(await store.apply(event({ key, wallMs: 1500 }))).toBe('stale');
      const stored = await store.get(key);
      expect(stored).toMatchObject({
        deleted: true,
        payload: null,
        source_region: 'azure',
      });
      expect(await store.apply(event({ key, wallMs: 2500 }))).toBe('applied');
      expect(await store.get(key)).toMatchObject({
        deleted: false,
        payload: { n: 2500 },
      });
    });

    it('orders equal wall times by counter and region, as the clock does', async () => {
      const key = `k-${randomUUID()}`;
      const aws = event({ key, wallMs: 5000, region: 'aws' });
      const azure = event({ key, wallMs: 5000, region: 'azure' });
      await store.apply(azure);
      expect(await store.apply(aws)).toBe('stale');
      expect((await store.get(key))?.source_region).toBe('azure');
    });

    it('converges to the newest of concurrent writes to one key', async () => {
      const key = `k-${randomUUID()}`;
      const events = Array.from({ length: 12 }, (_, i) =>
        event({ key, wallMs: 10_000 + i }),
      );
      await Promise.all(events.map(e => store.apply(e)));
      expect((await store.get(key))?.version).toBe(events[11].version);
    });

    it('lists live items in key order with a cursor, tombstones only on request', async () => {
      const prefix = `list-${randomUUID().slice(0, 8)}`;
      for (const i of [3, 1, 2])
        await store.apply(event({ key: `${prefix}-${i}`, wallMs: 1000 + i }));
      await store.apply(
        event({
          key: `${prefix}-2`,
          wallMs: 5000,
          op_type: 'delete',
          payload: null,
        }),
      );
      const mine = async (includeDeleted: boolean) => {
        const keys: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.list({ limit: 1, cursor, includeDeleted });
          keys.push(
            ...page.items.map(i => i.key).filter(k => k.startsWith(prefix)),
          );
          cursor = page.cursor;
        } while (cursor);
        return keys;
      };
      expect(await mine(false)).toEqual([`${prefix}-1`, `${prefix}-3`]);
      expect(await mine(true)).toEqual([
        `${prefix}-1`,
        `${prefix}-2`,
        `${prefix}-3`,
      ]);
    });

    it('refuses a cursor no page returned instead of listing from the top', async () => {
      await store.apply(
        event({ key: `cursor-${randomUUID().slice(0, 8)}`, wallMs: 1000 }),
      );
      // Node's base64 decoder skips characters it cannot read: each of these would decode to
      // something, and must still be refused.
      for (const cursor of [
        '',
        '!!!!',
        'a b',
        'YQ==',
        'LWJhZA',
        'bm90IGFuIGlk',
      ])
        await expect(store.list({ limit: 1, cursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
    });

    it('scans every key and version, tombstones included, page by page to the end', async () => {
      const prefix = `scan-${randomUUID().slice(0, 8)}`;
      const written = new Map<string, string>();
      for (let i = 0; i < 7; i++) {
        const e = event({ key: `${prefix}-${i}`, wallMs: 1000 + i });
        await store.apply(e);
        written.set(e.key, e.version);
      }
      const tombstone = event({
        key: `${prefix}-3`,
        wallMs: 9000,
        op_type: 'delete',
        payload: null,
      });
      await store.apply(tombstone);
      written.set(tombstone.key, tombstone.version);
      const seen = new Map<string, string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.scanVersions({ cursor, limit: 3 });
        expect(page.entries.length).toBeLessThanOrEqual(3);
        for (const e of page.entries) {
          expect(seen.has(e.key)).toBe(false);
          if (e.key.startsWith(prefix)) seen.set(e.key, e.version);
        }
        cursor = page.cursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect(cursor).toBeUndefined();
      expect(seen).toEqual(written);
    });

    it('answers get for a missing key with undefined and pings', async () => {
      expect(await store.get(`missing-${randomUUID()}`)).toBeUndefined();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
