import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDbStreamRecords } from '../../feed/DynamoDbStreamRecords';

/**
 * The table's stream as `relay` reads it again, for a batch the stream mapping gave up on. Only
 * that rare path needs the DynamoDB Streams client, so `relay` imports this module on its first
 * use (a chunk of its own) and a cold start on a stream batch does not load it.
 */
export const buildStreamRecords = (region: string) =>
  new DynamoDbStreamRecords(new DynamoDBStreamsClient({ region }));
