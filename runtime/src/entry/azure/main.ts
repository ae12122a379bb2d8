import { registerAzureFunctions } from './app';

/**
 * The Function App's main file: registers the functions, whose code loads when each first runs,
 * with the Function App's managed identity for Cosmos DB.
 */
registerAzureFunctions();
