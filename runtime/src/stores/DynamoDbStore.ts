import {
  type AttributeDefinition,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type GlobalSecondaryIndex,
  PutItemCommand,
  ResourceInUseException,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { toStoredItem } from '../domain/merge';
import type { ReplicationEvent } from '../domain/event';
import type {
  ApplyOutcome,
  ListOptions,
  ListPage,
  Store,
  StoredItem,
  VersionPage,
} from '../ports/Store';
import { storedItemFromDynamoDbRecord } from './dynamoDbRecord';
import { paginate } from './paginate';
import { pingTable } from './dynamoDbPing';
import { tombstoneExpiry } from './tombstones';

export { storedItemFromDynamoDbRecord };

export interface DynamoDbStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * The Store on DynamoDB. Applying an event is one conditional put: it succeeds only if the item is
 * absent or holds an older version. Versions are strings, so DynamoDB's byte-wise string
 * comparison is the clock order (see domain/version.ts).
 *
 * The bare `DynamoDBClient` with `@aws-sdk/util-dynamodb`'s `marshall`/`unmarshall`, not the
 * document client of `@aws-sdk/lib-dynamodb` that DESIGN.md names: the items are flat and the
 * document client adds its command wrappers to every function that loads the store, which is
 * what kept apply and reconcile over the 300 KB each Lambda function may load at start (issue #16;
 * `npm run bench -- cold-start`, docs/benchmarks.md). The marshalling is the same library code.
 */
export class DynamoDbStore implements Store {
  constructor(private readonly options: DynamoDbStoreOptions) {}

  async get(key: string): Promise<StoredItem | undefined> {
    const { Item } = await this.options.client.send(
      new GetItemCommand({
        TableName: this.options.tableName,
        Key: toAttributes({ pk: key }),
        ConsistentRead: true,
      }),
    );
    return Item ? storedItemFromDynamoDbRecord(unmarshall(Item)) : undefined;
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: toAttributes(toRecord(toStoredItem(event))),
          ConditionExpression:
            'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: toAttributes({
            ':version': event.version,
          }),
        }),
      );
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    // A scan reads in key-hash order; pages here are key-ordered so that cursors are stable.
    // Fine for the item counts of the API's listing; a production listing would use a GSI.
    const all: StoredItem[] = [];
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.options.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      all.push(
        ...(page.Items ?? []).map(i =>
          storedItemFromDynamoDbRecord(unmarshall(i)),
        ),
      );
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return paginate(all, options);
  }

  /**
   * One Scan page of keys and versions. Eventually consistent: half the read units of a strongly
   * consistent scan, and anti-entropy tolerates a page a moment old (the next round sees the
   * rest). A Scan is charged by the size of the items read, not of the attributes projected
   * ("Capacity unit consumption for Scan", Amazon DynamoDB Developer Guide,
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ReadCapacityUnits):
   * 0.5 read unit per 4 KB read, so 1,000 items of 1 KB cost about 125 read units.
   */
  async scanVersions(
    options: { cursor?: string; limit?: number } = {},
  ): Promise<VersionPage> {
    const { Items = [], LastEvaluatedKey } = await this.options.client.send(
      new ScanCommand({
        TableName: this.options.tableName,
        ProjectionExpression: 'pk, #version',
        ExpressionAttributeNames: { '#version': 'version' },
        Limit: options.limit ?? 1000,
        // The cursor is the plain key (`{"pk": …}`), as before the store marshalled by hand.
        ExclusiveStartKey: options.cursor
          ? toAttributes(
              JSON.parse(Buffer.from(options.cursor, 'base64url').toString()),
            )
          : undefined,
      }),
    );
    return {
      entries: Items.map(i => ({ key: i.pk.S!, version: i.version.S! })),
      cursor: LastEvaluatedKey
        ? Buffer.from(JSON.stringify(unmarshall(LastEvaluatedKey))).toString(
            'base64url',
          )
        : undefined,
    };
  }

  ping(): Promise<void> {
    return pingTable(this.options.client, this.options.tableName);
  }
}

/**
 * A record in DynamoDB's attribute-value form, with the bare client: the marshalling of
 * @aws-sdk/lib-dynamodb's document client (its `marshallOptions` as this store set them) without
 * the document client itself, which adds about 5 KB to every function's bundle for three
 * commands. Undefined attributes (a tombstone's payload, a live item's expiry) are left out.
 */
function toAttributes(record: Record<string, unknown>) {
  return marshall(record, {
    removeUndefinedValues: true,
    convertClassInstanceToMap: false,
  });
}

function toRecord(item: StoredItem): Record<string, unknown> {
  const { key, ...rest } = item;
  return {
    pk: key,
    ...rest,
    payload: item.payload ?? undefined,
    expires_at: item.deleted ? tombstoneExpiry(item.timestamp) : undefined,
  };
}

/**
 * Creates the table as the Terraform module does (key `pk`, TTL on `expires_at` in the cloud).
 * `extra` adds indexes: an emulator's version index (`VERSION_INDEX_TABLE_SCHEMA`), which
 * production tables never carry. Idempotent.
 */
export async function ensureDynamoDbTable(
  client: DynamoDBClient,
  tableName: string,
  extra: {
    AttributeDefinitions?: AttributeDefinition[];
    GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  } = {},
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          ...(extra.AttributeDefinitions ?? []),
        ],
        GlobalSecondaryIndexes: extra.GlobalSecondaryIndexes,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: tableName }),
    );
    const ready =
      Table?.TableStatus === 'ACTIVE' &&
      (Table.GlobalSecondaryIndexes ?? []).every(
        g => g.IndexStatus === 'ACTIVE',
      );
    if (ready) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
