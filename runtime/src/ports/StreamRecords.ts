import type { StoredItem } from './Store';

/**
 * What a Lambda on-failure destination receives for a DynamoDB Streams batch it gave up on: not
 * the records, only where they are in the stream ("DDBStreamBatchInfo", Lambda developer guide,
 * "Configuring error handling for DynamoDB event sources",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 */
export interface StreamBatchInfo {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize?: number;
}

/** Reads a range of a stream's records again (DynamoDB Streams keep them 24 hours). */
export interface StreamRecords {
  read(batch: StreamBatchInfo): Promise<StoredItem[]>;
}
