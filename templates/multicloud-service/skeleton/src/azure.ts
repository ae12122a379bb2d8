/**
 * The Azure side: registers the Function App's functions from the shared runtime (HTTP API, the
 * Cosmos DB change feed relay to AWS's inbound queue, the Service Bus inbound applier and the
 * timers), with the Function App's managed identity for Cosmos DB. Each function's code loads
 * the first time it runs, so the app starts with @azure/functions alone. Configuration comes from
 * the app settings the Terraform module sets (infra/azure).
 */
import { registerAzureFunctions } from '@multicloud/runtime/azure';

registerAzureFunctions();
