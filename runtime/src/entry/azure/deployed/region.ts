import { CosmosClient } from '@azure/cosmos';
import { JsonLogMetricsSink } from '../../../metrics/JsonLogMetricsSink';
import { CosmosStore } from '../../../stores/CosmosStore';
import { azureConfigSchema, AzureConfig, readConfig } from '../../config';
import { createRegionCore } from '../../regionRole';
import { AppServiceManagedIdentityCredential } from '../AppServiceManagedIdentityCredential';

/** Reads and checks the Function App's settings; a missing or bad one is named in the error. */
export function readAzureConfig(
  env: Record<string, string | undefined> = process.env,
): AzureConfig {
  return readConfig(azureConfigSchema, env);
}

let region: ReturnType<typeof buildRegion> | undefined;

/**
 * What the Function App's functions share, built once per instance by whichever runs first: the
 * settings, the Cosmos DB database (with the Function App's managed identity: no key in
 * settings), the store, and one clock and write path, so the API's versions follow what `apply`
 * has seen from AWS in this process.
 */
export function azureRegion() {
  return (region ??= buildRegion(readAzureConfig()));
}

function buildRegion(config: AzureConfig) {
  const database = new CosmosClient({
    endpoint: config.COSMOS_ENDPOINT,
    aadCredentials: new AppServiceManagedIdentityCredential(),
  }).database(config.COSMOS_DATABASE);
  const store = new CosmosStore({
    container: database.container(config.COSMOS_CONTAINER),
  });
  return {
    config,
    database,
    store,
    metrics: new JsonLogMetricsSink(),
    instance: process.env.WEBSITE_INSTANCE_ID,
    ...createRegionCore(config, store),
  };
}
