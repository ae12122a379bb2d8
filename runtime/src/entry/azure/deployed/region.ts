import { CosmosClient } from '@azure/cosmos';
import { CosmosStore } from '../../../stores/CosmosStore';
import { createRegionCore } from '../../regionRole';
import { AppServiceManagedIdentityCredential } from '../AppServiceManagedIdentityCredential';
import { azureSettings } from './settings';

export { readAzureConfig } from './settings';

let region: ReturnType<typeof buildRegion> | undefined;

/**
 * What the Function App's functions share, built once per instance by whichever runs first: the
 * settings, the Cosmos DB database (with the Function App's managed identity: no key in
 * settings), the store, and one clock and write path, so the API's versions follow what `apply`
 * has seen from AWS in this process.
 */
export function azureRegion() {
  return (region ??= buildRegion());
}

function buildRegion() {
  const settings = azureSettings();
  const { config } = settings;
  const database = new CosmosClient({
    endpoint: config.COSMOS_ENDPOINT,
    aadCredentials: new AppServiceManagedIdentityCredential(),
  }).database(config.COSMOS_DATABASE);
  const store = new CosmosStore({
    container: database.container(config.COSMOS_CONTAINER),
  });
  return {
    ...settings,
    database,
    store,
    ...createRegionCore(config, store),
  };
}
