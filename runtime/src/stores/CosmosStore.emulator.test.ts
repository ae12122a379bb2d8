import { randomUUID } from 'node:crypto';
import {
  cosmosClientFor,
  RunningEmulator,
  startCosmosDbServer,
} from '@multicloud/cloud-fakes';
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

describe('CosmosStore version index', () => {
  it('lists one region’s writes after a version, in version order', async () => {
    const store = await newStore();
    for (const i of [3, 1, 2])
      await store.apply(
        event({ key: `k${i}`, wallMs: 1000 * i, region: 'azure' }),
      );
    await store.apply(event({ key: 'remote', wallMs: 1500, region: 'aws' }));
    const all = await store.changesSince('azure', undefined, 10);
    expect(all.map(i => i.key)).toEqual(['k1', 'k2', 'k3']);
    expect(
      (await store.changesSince('azure', all[1].version, 10)).map(i => i.key),
    ).toEqual(['k3']);
  });
});
