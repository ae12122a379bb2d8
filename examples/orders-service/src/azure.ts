/**
 * The Azure side: the Function App's functions built from the shared runtime (HTTP API, the
 * Cosmos DB change feed relay to AWS's inbound queue, and the Service Bus inbound applier), with
 * the Function App's managed identity for Cosmos DB. Configuration comes from the app settings
 * the Terraform module sets (infra/azure).
 */
import { CosmosClient } from '@azure/cosmos';
import {
  AppServiceManagedIdentityCredential,
  buildAzureRuntime,
  readAzureConfig,
  registerAzureFunctions,
} from '@multicloud/runtime/azure';

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
