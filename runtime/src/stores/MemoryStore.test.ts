import { MemoryStore } from './MemoryStore';
import { describeStoreConformance } from './__testUtils__/storeConformance';

describeStoreConformance('MemoryStore', async () => new MemoryStore());

describe('MemoryStore', () => {
  it('fails every call while a failure is set, as an outage would', async () => {
    const store = new MemoryStore();
    store.failure = new Error('store down');
    await expect(store.ping()).rejects.toThrow('store down');
  });
});
