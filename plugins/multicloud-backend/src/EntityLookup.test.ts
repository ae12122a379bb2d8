import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityLookup } from './EntityLookup';

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
};
const ref = 'component:default/orders';

/** A catalog that shows `orders` only to the users in `allowed`, and logs who asked. */
function setup() {
  let clock = 1_000_000;
  const allowed = new Set(['user:default/owner']);
  const asked: string[] = [];
  /** Entity refs per request to the catalog. */
  const calls: number[] = [];
  const find = (entityRef: string, credentials: BackstageCredentials) => {
    const who = (credentials.principal as { userEntityRef?: string })
      .userEntityRef!;
    asked.push(who);
    return entityRef === ref && allowed.has(who) ? orders : undefined;
  };
  const catalog = {
    getEntityByRef: async (
      entityRef: string,
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      calls.push(1);
      return find(entityRef, credentials);
    },
    getEntitiesByRefs: async (
      { entityRefs }: { entityRefs: string[] },
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      calls.push(entityRefs.length);
      return { items: entityRefs.map(r => find(r, credentials) ?? null) };
    },
  } as unknown as CatalogService;
  const lookup = new EntityLookup({ catalog, ttlMs: 5_000, now: () => clock });
  return {
    lookup,
    allowed,
    asked,
    calls,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('EntityLookup', () => {
  const owner = mockCredentials.user('user:default/owner');
  const other = mockCredentials.user('user:default/other');

  it('asks the catalog once per caller within the time to live, and again after it', async () => {
    const { lookup, asked, advance } = setup();
    await lookup.get(ref, owner);
    await lookup.get(ref, owner);
    expect(asked).toEqual(['user:default/owner']);
    advance(5_000);
    await lookup.get(ref, owner);
    expect(asked).toHaveLength(2);
  });

  it('never gives a caller an entity the catalog showed another caller', async () => {
    const { lookup, asked } = setup();
    expect(await lookup.get(ref, owner)).toBe(orders);
    expect(await lookup.get(ref, other)).toBeUndefined();
    expect(asked).toEqual(['user:default/owner', 'user:default/other']);
  });

  it("looks up a caller's entities that are asked together in one catalog request, each caller in its own", async () => {
    const { lookup, calls } = setup();
    const refs = Array.from(
      { length: 300 },
      (_, i) => `component:default/s${i}`,
    );
    const found = await Promise.all([
      ...[ref, ...refs].map(r => lookup.get(r, owner)),
      lookup.get(ref, other),
    ]);
    expect(found[0]).toBe(orders);
    expect(found.slice(1)).toEqual(Array(301).fill(undefined));
    expect(calls.sort((a, b) => b - a)).toEqual([250, 51, 1]);
  });

  it('does not remember that an entity was hidden, so access granted shows at once', async () => {
    const { lookup, allowed } = setup();
    expect(await lookup.get(ref, other)).toBeUndefined();
    allowed.add('user:default/other');
    expect(await lookup.get(ref, other)).toBe(orders);
  });

  it('never remembers a caller without identity', async () => {
    const { lookup, asked } = setup();
    const anonymous = {
      ...mockCredentials.none(),
      principal: { type: 'none', userEntityRef: 'user:default/owner' },
    } as unknown as BackstageCredentials;
    await lookup.get(ref, anonymous);
    await lookup.get(ref, anonymous);
    expect(asked).toHaveLength(2);
  });
});
