import { randomUUID } from 'node:crypto';
import {
  cosmosClientFor,
  RunningEmulator,
  startCosmosDbServer,
} from '@multicloud/cloud-fakes';
import { CosmosVersionIndex } from '../feed/CosmosVersionIndex';
import { CosmosStore, ensureCosmosContainer } from './CosmosStore';
import {
  describeStoreConformance,
  event,
} from './__testUtils__/storeConformance';

let cosmos: RunningEmulator;

beforeAll(async () => {
  cosmos = await startCosmosDbServer();
});
afterAll(() => cosmos.stop());

const newStore = async () => {
  const container = await ensureCosmosContainer(
    cosmosClientFor(cosmos.endpoint),
    'service',
    `items-${randomUUID()}`,
  );
  return new CosmosStore({ container });
};

describeStoreConformance('CosmosStore on cosmosdb-server', newStore);

describe('CosmosVersionIndex (emulator only)', () => {
  it('lists one region’s writes after a version, in version order', async () => {
    const container = await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'service',
      `items-${randomUUID()}`,
    );
    const store = new CosmosStore({ container });
    const index = new CosmosVersionIndex(container);
    for (const i of [3, 1, 2])
      await store.apply(
        event({ key: `k${i}`, wallMs: 1000 * i, region: 'azure' }),
      );
    await store.apply(event({ key: 'remote', wallMs: 1500, region: 'aws' }));
    const all = await index.changesSince('azure', undefined, 10);
    expect(all.map(i => i.key)).toEqual(['k1', 'k2', 'k3']);
    expect(
      (await index.changesSince('azure', all[1].version, 10)).map(i => i.key),
    ).toEqual(['k3']);
  });
});

describe('CosmosStore remembered etags', () => {
  /** Two instances on one container, as two Function App instances would be. */
  async function twoInstances() {
    const container = await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'service',
      `items-${randomUUID()}`,
    );
    const requests = { count: 0 };
    const counted = new Proxy(container, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'item')
          return (...args: [string, string]) => {
            const item = target.item(...args);
            return new Proxy(item, {
              get(t, p) {
                const v = Reflect.get(t, p);
                if (p === 'read' || p === 'replace') requests.count++;
                return typeof v === 'function' ? v.bind(t) : v;
              },
            });
          };
        if (prop === 'items') {
          const items = target.items;
          return new Proxy(items, {
            get(t, p) {
              const v = Reflect.get(t, p);
              if (p === 'create') requests.count++;
              return typeof v === 'function' ? v.bind(t) : v;
            },
          });
        }
        return value;
      },
    });
    return {
      a: new CosmosStore({ container: counted }),
      b: new CosmosStore({ container }),
      requests,
    };
  }

  it('writes a new key and updates a known one with one request each', async () => {
    const { a, requests } = await twoInstances();
    await a.apply(event({ key: 'k', wallMs: 1000 }));
    await a.apply(event({ key: 'k', wallMs: 2000 }));
    await a.apply(event({ key: 'k', wallMs: 3000 }));
    expect(requests.count).toBe(3);
    expect((await a.get('k'))?.timestamp).toBe(3000);
  });

  it('decides again when another instance changed the item since', async () => {
    const { a, b } = await twoInstances();
    await a.apply(event({ key: 'k', wallMs: 1000 }));
    await b.apply(event({ key: 'k', wallMs: 2000 }));
    // a remembers version 1000; the item is at 2000 now.
    expect(await a.apply(event({ key: 'k', wallMs: 1500 }))).toBe('stale');
    expect(await a.apply(event({ key: 'k', wallMs: 3000 }))).toBe('applied');
    expect((await b.get('k'))?.timestamp).toBe(3000);
    // b's memory is out of date now, and it must still not overwrite the newer item.
    expect(await b.apply(event({ key: 'k', wallMs: 2500 }))).toBe('stale');
    expect((await a.get('k'))?.timestamp).toBe(3000);
  });

  it('creates after a key another instance wrote, instead of failing', async () => {
    const { a, b } = await twoInstances();
    await b.apply(event({ key: 'k', wallMs: 1000 }));
    // a has never seen k: its create conflicts, it reads and replaces.
    expect(await a.apply(event({ key: 'k', wallMs: 2000 }))).toBe('applied');
    expect((await b.get('k'))?.timestamp).toBe(2000);
  });
});
