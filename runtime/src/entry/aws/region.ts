import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStore } from '../../stores/DynamoDbStore';
import { awsConfigSchema, AwsConfig, readConfig } from '../config';
import { createRegionCore } from '../regionRole';

/**
 * What every AWS function of a region shares, built once per cold start from the environment:
 * the configuration, the DynamoDB store and the region's clock and write path. Each function
 * lives in its own module (`api`, `relay`, `apply`) so that its bundle holds only what it
 * imports: the API never loads a queue SDK, the applier never loads hono.
 */
let config: AwsConfig | undefined;
export function awsConfig(): AwsConfig {
  return (config ??= readConfig(awsConfigSchema));
}

let store: DynamoDbStore | undefined;
/** The table alone, for the functions that need no clock (`redrive`, `reconcile`). */
export function awsStore(): DynamoDbStore {
  const cfg = awsConfig();
  return (store ??= new DynamoDbStore({
    client: new DynamoDBClient({ region: cfg.AWS_REGION }),
    tableName: cfg.TABLE_NAME,
  }));
}

let region: ReturnType<typeof buildRegion> | undefined;
export function awsRegion() {
  return (region ??= buildRegion(awsConfig()));
}

function buildRegion(cfg: AwsConfig) {
  const table = awsStore();
  return { store: table, ...createRegionCore(cfg, table) };
}
