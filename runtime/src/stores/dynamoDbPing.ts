import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The store's reachability check on its own: a function that needs only the ping (`redrive`)
 * imports this, not the store, whose other commands, marshalling and record conversion it would
 * otherwise load at every cold start.
 */
export async function pingTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await client.send(new DescribeTableCommand({ TableName: tableName }));
}
