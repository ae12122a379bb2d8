import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredItem } from '../ports/Store';
import type { StreamBatchInfo, StreamRecords } from '../ports/StreamRecords';
import { storedItemFromDynamoDbRecord } from '../stores/dynamoDbRecord';

/**
 * Reads a range of a DynamoDB stream's records again, for a batch Lambda sent to the on-failure
 * destination: GetShardIterator AT_SEQUENCE_NUMBER the batch's first record, then GetRecords until
 * past its last (DynamoDB Streams API reference: GetShardIterator, GetRecords; records are kept
 * 24 hours). Records without a new image (TTL removals of tombstones) carry no write to relay.
 */
export class DynamoDbStreamRecords implements StreamRecords {
  constructor(private readonly client: DynamoDBStreamsClient) {}

  async read(batch: StreamBatchInfo): Promise<StoredItem[]> {
    const end = BigInt(batch.endSequenceNumber);
    let { ShardIterator: iterator } = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: batch.startSequenceNumber,
      }),
    );
    const items: StoredItem[] = [];
    // An open shard answers empty pages at its end; a few in a row mean nothing follows the batch.
    for (let empty = 0; iterator && empty < 3; ) {
      const page = await this.client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
      );
      const records = page.Records ?? [];
      for (const r of records) {
        if (BigInt(r.dynamodb?.SequenceNumber ?? '0') > end) return items;
        if (r.dynamodb?.NewImage)
          items.push(
            storedItemFromDynamoDbRecord(
              unmarshall(r.dynamodb.NewImage as never),
            ),
          );
      }
      empty = records.length ? 0 : empty + 1;
      iterator = page.NextShardIterator;
    }
    return items;
  }
}
