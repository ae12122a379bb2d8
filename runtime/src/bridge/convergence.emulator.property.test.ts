import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  RunningEmulator,
  startCosmosDbServer,
  startDynalite,
} from '@multicloud/cloud-fakes';
import { CosmosVersionIndex } from '../feed/CosmosVersionIndex';
import {
  DynamoDbVersionIndex,
  VERSION_INDEX_TABLE_SCHEMA,
} from '../feed/DynamoDbVersionIndex';
import { CosmosStore, ensureCosmosContainer } from '../stores/CosmosStore';
import { DynamoDbStore, ensureDynamoDbTable } from '../stores/DynamoDbStore';
import {
  assertConverged,
  runSchedule,
  scheduleArbitrary,
} from './__testUtils__/replicationModel';

const NUM_SCHEDULES = Number(process.env.CONVERGENCE_EMULATOR_SCHEDULES ?? 100);
let dynalite: RunningEmulator;
let cosmos: RunningEmulator;

beforeAll(async () => {
  [dynalite, cosmos] = await Promise.all([
    startDynalite(),
    startCosmosDbServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([dynalite?.stop(), cosmos?.stop()]);
});

describe('replication converges (DynamoDB on dynalite ⇄ Cosmos DB on cosmosdb-server)', () => {
  it(`over ${NUM_SCHEDULES} random schedules through the real adapters`, async () => {
    const dynamo = dynamoDbClientFor(dynalite.endpoint);
    const cosmosClient = cosmosClientFor(cosmos.endpoint);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(scheduleArbitrary, async schedule => {
        runs += 1;
        const tableName = `items-${randomUUID()}`;
        await ensureDynamoDbTable(
          dynamo,
          tableName,
          VERSION_INDEX_TABLE_SCHEMA,
        );
        const container = await ensureCosmosContainer(
          cosmosClient,
          'service',
          `items-${randomUUID()}`,
        );
        assertConverged(
          await runSchedule(schedule, [
            {
              store: new DynamoDbStore({ client: dynamo, tableName }),
              index: new DynamoDbVersionIndex({ client: dynamo, tableName }),
            },
            {
              store: new CosmosStore({ container }),
              index: new CosmosVersionIndex(container),
            },
          ]),
        );
      }),
      { numRuns: NUM_SCHEDULES },
    );
    process.stdout.write(`convergence on emulators: ${runs} schedules ran\n`);
    expect(runs).toBe(NUM_SCHEDULES);
  }, 600_000);
});
