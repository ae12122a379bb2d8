import {
  HybridLogicalClock,
  ItemService,
  MemoryCheckpointStore,
  MemoryStore,
  MemoryTransport,
  PollingChangeFeed,
  storedItemFromDynamoDbRecord,
} from '@multicloud/runtime';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoDbStreamTrigger } from './DynamoDbStreamTrigger';
import { scaledClock } from './TriggerClock';

async function shard(keys: string[]) {
  const clock = scaledClock(1000);
  const store = new MemoryStore();
  const items = new ItemService({
    store,
    clock: new HybridLogicalClock({ region: 'aws', now: clock.now }),
    now: clock.now,
  });
  const written = [];
  for (const key of keys) written.push(await items.put(key, { key }));
  return {
    clock,
    written,
    feed: new PollingChangeFeed({ index: store, region: 'aws' }),
    iterator: new MemoryCheckpointStore(),
    onFailure: new MemoryTransport({ now: clock.now }),
  };
}

const keysOf = (event: DynamoDBStreamEvent) =>
  event.Records.map(
    r =>
      storedItemFromDynamoDbRecord(unmarshall(r.dynamodb!.NewImage as never))
        .key,
  );

async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500 && !(await check()); i++)
    await new Promise(r => setTimeout(r, 10));
}

describe('DynamoDbStreamTrigger (Lambda on DynamoDB Streams)', () => {
  it('bisects a failing batch, delivers the rest, and sends only the failing record’s position on after its retries', async () => {
    const s = await shard(['a', 'b', 'bad', 'c']);
    const invocations: string[][] = [];
    const trigger = new DynamoDbStreamTrigger({
      ...s,
      handler: async event => {
        invocations.push(keysOf(event));
        if (keysOf(event).includes('bad')) throw new Error('refused');
      },
      settings: {
        batchSize: 100,
        maximumRetryAttempts: 2,
        maximumRecordAgeSeconds: -1,
        bisectBatchOnFunctionError: true,
      },
    });
    trigger.start();
    await until(async () => (await s.iterator.load()) !== undefined);
    await trigger.stop();

    // Splits cost no retry: [a b bad c] → [a b] ok, [bad c] → [bad] ×3 (2 retries), [c] ok.
    expect(invocations).toEqual([
      ['a', 'b', 'bad', 'c'],
      ['a', 'b'],
      ['bad', 'c'],
      ['bad'],
      ['bad'],
      ['bad'],
      ['c'],
    ]);
    const [failure] = await s.onFailure.receive();
    const bad = s.written[2];
    expect(JSON.parse(failure.body).DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: bad.version,
      endSequenceNumber: bad.version,
      batchSize: 1,
    });
    expect(await s.iterator.load()).toBe(s.written[3].version);
  });

  it('sends records older than the maximum record age on without invoking the function', async () => {
    const s = await shard(['a']);
    await s.clock.sleep(120_000);
    const handler = jest.fn(async () => undefined);
    const trigger = new DynamoDbStreamTrigger({
      ...s,
      handler,
      settings: {
        batchSize: 100,
        maximumRetryAttempts: -1,
        maximumRecordAgeSeconds: 60,
        bisectBatchOnFunctionError: true,
      },
    });
    trigger.start();
    await until(async () => (await s.onFailure.depth()).active > 0);
    await trigger.stop();
    expect(handler).not.toHaveBeenCalled();
    expect((await s.onFailure.depth()).active).toBe(1);
  });

  it('keeps its place when stopped in the middle of a failing batch', async () => {
    const s = await shard(['a']);
    const trigger = new DynamoDbStreamTrigger({
      ...s,
      handler: async () => {
        throw new Error('peer down');
      },
      settings: {
        batchSize: 100,
        maximumRetryAttempts: -1,
        maximumRecordAgeSeconds: -1,
        bisectBatchOnFunctionError: true,
      },
    });
    trigger.start();
    await s.clock.sleep(5_000);
    await trigger.stop();
    expect(await s.iterator.load()).toBeUndefined();
    expect((await s.onFailure.depth()).active).toBe(0);
  });
});
