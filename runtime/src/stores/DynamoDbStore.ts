import {
  type AttributeDefinition,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
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
import { paginate } from './paginate';
import { tombstoneExpiry } from './tombstones';

export interface DynamoDbStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * The Store on DynamoDB. Applying an event is one conditional put: it succeeds only if the item is
 * absent or holds an older version. Versions are strings, so DynamoDB's byte-wise string
 * comparison is the clock order (see domain/version.ts).
 */
export class DynamoDbStore implements Store {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly options: DynamoDbStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: {
        removeUndefinedValues: true,
        convertClassInstanceToMap: false,
      },
    });
  }

  async get(key: string): Promise<StoredItem | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: key },
        ConsistentRead: true,
      }),
    );
    return Item ? storedItemFromDynamoDbRecord(Item) : undefined;
  }

  async apply(event: ReplicationEvent): Promise<ApplyOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: toRecord(toStoredItem(event)),
          ConditionExpression:
            'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': event.version },
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
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      all.push(...(page.Items ?? []).map(storedItemFromDynamoDbRecord));
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
    const { Items = [], LastEvaluatedKey } = await this.doc.send(
      new ScanCommand({
        TableName: this.options.tableName,
        ProjectionExpression: 'pk, #version',
        ExpressionAttributeNames: { '#version': 'version' },
        Limit: options.limit ?? 1000,
        ExclusiveStartKey: options.cursor
          ? JSON.parse(Buffer.from(options.cursor, 'base64url').toString())
          : undefined,
      }),
    );
    return {
      entries: Items.map(i => ({ key: i.pk, version: i.version })),
      cursor: LastEvaluatedKey
        ? Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url')
        : undefined,
    };
  }

  async ping(): Promise<void> {
    await this.options.client.send(
      new DescribeTableCommand({ TableName: this.options.tableName }),
    );
  }
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

/** A stored item from a table record, as GetItem or a DynamoDB Streams image (unmarshalled) has it. */
export function storedItemFromDynamoDbRecord(
  record: Record<string, any>,
): StoredItem {
  return {
    key: record.pk,
    payload: record.deleted ? null : record.payload ?? {},
    version: record.version,
    source_region: record.source_region,
    timestamp: Number(record.timestamp),
    event_id: record.event_id,
    deleted: Boolean(record.deleted),
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
