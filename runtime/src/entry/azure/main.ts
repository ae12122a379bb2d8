import { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';
import { CosmosClient } from '@azure/cosmos';
import {
  buildAzureRuntime,
  readAzureConfig,
  registerAzureFunctions,
} from './app';

/** The Function App's main file: registers the functions with the managed identity for Cosmos DB. */
registerAzureFunctions(() => {
  const config = readAzureConfig();
  return buildAzureRuntime(
    config,
    new CosmosClient({
      endpoint: config.COSMOS_ENDPOINT,
      aadCredentials: new AppServiceManagedIdentityCredential(),
    }),
  );
});
