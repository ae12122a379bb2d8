import { Applier } from '../bridge/Applier';
import { Relay } from '../bridge/Relay';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { MemoryCheckpointStore } from '../feed/checkpoints';
import { PollingChangeFeed } from '../feed/PollingChangeFeed';
import { createApi } from '../http/createApi';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import { ItemService } from './ItemService';
import { promote } from './promotion';
import { NotPrimaryError, RoleWriteGate } from './WriteGate';

function modeB() {
  const toAzure = new MemoryTransport();
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
      relay: new Relay({
        region,
        feed: new PollingChangeFeed({ index: store, region }),
        checkpoints: new MemoryCheckpointStore(),
        outbound: toAzure,
      }),
      applier: new Applier({ store, clock }),
      inbound: toAzure,
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

  it('promotes the secondary without losing a write the primary acknowledged', async () => {
    const { aws, azure } = modeB();
    for (let i = 0; i < 25; i++) await aws.items.put(`order-${i}`, { i });
    // Nothing has been relayed yet: the secondary is behind when the promotion starts.
    const result = await promote({ current: aws, next: azure });
    expect(result).toEqual({ relayed: 25, applied: 25 });
    for (let i = 0; i < 25; i++)
      expect((await azure.store.get(`order-${i}`))?.payload).toEqual({ i });
    await expect(aws.items.put('late', {})).rejects.toThrow(
      /primary region azure/,
    );
    await expect(azure.items.put('after', { ok: true })).resolves.toMatchObject(
      { key: 'after' },
    );
  });

  it('rolls back to the old primary if the new one cannot catch up', async () => {
    const { aws, azure } = modeB();
    await aws.items.put('kept', {});
    azure.store.failure = new Error('store down');
    await expect(
      promote({ current: aws, next: azure, timeoutMs: 300 }),
    ).rejects.toThrow(/dead-lettered during the promotion|timed out/);
    await expect(aws.items.put('still-primary', {})).resolves.toMatchObject({
      key: 'still-primary',
    });
  });
});
