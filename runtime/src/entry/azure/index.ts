/** The Azure Functions entry points of a generated service. */
export {
  buildAzureRuntime,
  registerAzureFunctions,
  readAzureConfig,
} from './app';
export type { AzureRuntime } from './app';
export { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';
export { registerAzureReconcileFunction } from './scheduled';
