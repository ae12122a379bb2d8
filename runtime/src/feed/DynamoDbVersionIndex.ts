import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredItem } from '../ports/Store';
import type { VersionIndex } from '../ports/VersionIndex';
import { storedItemFromDynamoDbRecord } from '../stores/dynamoDbRecord';

const INDEX_NAME = 'by-source-version';

/** The emulator table's version index, for `ensureDynamoDbTable(client, name, this)`. */
export const VERSION_INDEX_TABLE_SCHEMA = {
  AttributeDefinitions: [
    { AttributeName: 'source_region', AttributeType: 'S' as const },
    { AttributeName: 'version', AttributeType: 'S' as const },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: INDEX_NAME,
      KeySchema: [
        { AttributeName: 'source_region', KeyType: 'HASH' as const },
        { AttributeName: 'version', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    },
  ],
};

/**
 * The version index on dynalite, which has no DynamoDB Streams: a GSI keyed by source region and
 * version, created only on emulator tables (`VERSION_INDEX_TABLE_SCHEMA`).
 */
export class DynamoDbVersionIndex implements VersionIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly options: { client: DynamoDBClient; tableName: string },
  ) {
    this.doc = DynamoDBDocumentClient.from(options.client);
  }

  async changesSince(
    sourceRegion: string,
    afterVersion: string | undefined,
    limit: number,
  ): Promise<StoredItem[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: INDEX_NAME,
        KeyConditionExpression: afterVersion
          ? 'source_region = :r AND #version > :v'
          : 'source_region = :r',
        ExpressionAttributeNames: afterVersion
          ? { '#version': 'version' }
          : undefined,
        ExpressionAttributeValues: afterVersion
          ? { ':r': sourceRegion, ':v': afterVersion }
          : { ':r': sourceRegion },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(storedItemFromDynamoDbRecord);
  }
}
