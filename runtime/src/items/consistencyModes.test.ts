import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { createApi } from '../http/createApi';
import { MemoryStore } from '../stores/MemoryStore';
import { ItemService } from './ItemService';
import { NotPrimaryError, RoleWriteGate } from './WriteGate';

function modeB() {
  const make = (region: string) => {
    const store = new MemoryStore();
    const clock = new HybridLogicalClock({ region });
    const gate = new RoleWriteGate({
      mode: 'primary-secondary',
      region,
      primaryRegion: 'aws',
      primaryUrl: 'https://aws.example',
    });
    return {
      region,
      store,
      gate,
      url: `https://${region}.example`,
      items: new ItemService({ store, clock, writeGate: gate }),
    };
  };
  return { aws: make('aws'), azure: make('azure') };
}

describe('consistency mode B (primary with a read-only secondary)', () => {
  it('refuses writes on the secondary, naming the primary, and changes nothing', async () => {
    const { azure } = modeB();
    await expect(azure.items.put('x', {})).rejects.toThrow(NotPrimaryError);
    await expect(azure.items.put('x', {})).rejects.toThrow(
      /primary region aws \(https:\/\/aws\.example\)/,
    );
    expect(await azure.store.get('x')).toBeUndefined();
  });

  it('answers 409 with the primary over HTTP, or forwards the write when configured', async () => {
    const { aws, azure } = modeB();
    const whoami = {
      cloud: 'azure',
      region: 'westeurope',
      instance: 'i',
      version: '1',
    };
    const refusing = createApi({ items: azure.items, whoami, health: [] });
    const refused = await refusing.fetch(
      new Request('http://azure/items/a', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { primary_region: 'aws', primary_url: 'https://aws.example' },
    });

    const primaryApi = createApi({
      items: aws.items,
      whoami: { ...whoami, cloud: 'aws' },
      health: [],
    });
    const forwarding = createApi({
      items: azure.items,
      whoami,
      health: [],
      forwardWritesToPrimary: true,
      fetch: (async (url: URL, init: RequestInit) =>
        primaryApi.fetch(new Request(url, init))) as typeof fetch,
    });
    const forwarded = await forwarding.fetch(
      new Request('http://azure/items/a', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"n":1}',
      }),
    );
    expect(forwarded.status).toBe(200);
    expect((await aws.store.get('a'))?.payload).toEqual({ n: 1 });
  });
});
