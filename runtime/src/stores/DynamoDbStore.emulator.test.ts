import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import {
  dynamoDbClientFor,
  RunningEmulator,
  startDynalite,
} from '@multicloud/cloud-fakes';
import {
  DynamoDbVersionIndex,
  VERSION_INDEX_TABLE_SCHEMA,
} from '../feed/DynamoDbVersionIndex';
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

describe('DynamoDbStore tables', () => {
  it('carry no secondary index unless an emulator asks for its version index', async () => {
    const tableName = `items-${randomUUID()}`;
    await ensureDynamoDbTable(client(), tableName);
    const { Table } = await client().send(
      new DescribeTableCommand({ TableName: tableName }),
    );
    expect(Table?.GlobalSecondaryIndexes ?? []).toEqual([]);
  });
});

describe('DynamoDbVersionIndex (emulator only)', () => {
  it('lists one region’s writes after a version, in version order', async () => {
    const tableName = `items-${randomUUID()}`;
    await ensureDynamoDbTable(client(), tableName, VERSION_INDEX_TABLE_SCHEMA);
    const store = new DynamoDbStore({ client: client(), tableName });
    const index = new DynamoDbVersionIndex({ client: client(), tableName });
    const writes = [3, 1, 2].map(i =>
      event({ key: `k${i}`, wallMs: 1000 * i }),
    );
    for (const w of writes) await store.apply(w);
    await store.apply(event({ key: 'remote', wallMs: 1500, region: 'azure' }));
    const all = await index.changesSince('aws', undefined, 10);
    expect(all.map(i => i.key)).toEqual(['k1', 'k2', 'k3']);
    const after = await index.changesSince('aws', all[0].version, 10);
    expect(after.map(i => i.key)).toEqual(['k2', 'k3']);
  });
});
