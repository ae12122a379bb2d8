import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A Lambda handler that resolves the default credential chain as any client does, and says whose. */
export async function whoAmI(): Promise<string> {
  const client = new DynamoDBClient({ region: 'eu-west-1' });
  const credentials = await client.config.credentials();
  return credentials.accessKeyId;
}
