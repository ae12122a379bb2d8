import { randomUUID } from 'node:crypto';
import {
  dynamoDbClientFor,
  RunningEmulator,
  startDynalite,
} from '@multicloud/cloud-fakes';
import { DynamoDbStore, ensureDynamoDbTable } from './DynamoDbStore';
import {
  describeStoreConformance,
  event,
} from './__testUtils__/storeConformance';

let dynalite: RunningEmulator;
const client = () => dynamoDbClientFor(dynalite.endpoint);

beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(() => dynalite.stop());

describeStoreConformance('DynamoDbStore on dynalite', async () => {
  const tableName = `items-${randomUUID()}`;
  await ensureDynamoDbTable(client(), tableName);
  return new DynamoDbStore({ client: client(), tableName });
});

describe('DynamoDbStore version index', () => {
  it('lists one region’s writes after a version, in version order', async () => {
    const tableName = `items-${randomUUID()}`;
    await ensureDynamoDbTable(client(), tableName);
    const store = new DynamoDbStore({ client: client(), tableName });
    const writes = [3, 1, 2].map(i =>
      event({ key: `k${i}`, wallMs: 1000 * i }),
    );
    for (const w of writes) await store.apply(w);
    await store.apply(event({ key: 'remote', wallMs: 1500, region: 'azure' }));
    const all = await store.changesSince('aws', undefined, 10);
    expect(all.map(i => i.key)).toEqual(['k1', 'k2', 'k3']);
    const after = await store.changesSince('aws', all[0].version, 10);
    expect(after.map(i => i.key)).toEqual(['k2', 'k3']);
  });
});
