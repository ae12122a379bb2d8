/** The Azure Functions entry points of a generated service. */
export { registerAzureFunctions } from './app';
export { readAzureConfig } from './deployed/region';
export {
  applyDeliverySpanMs,
  applyRetryDelayMs,
  COSMOS_FEED_POLL_DELAY_MS,
  COSMOS_RELAY_RETRY,
  createAzureFunctions,
  RECONCILE_SCHEDULE,
  REDRIVE_SCHEDULE,
  RESEND_PARKED_SCHEDULE,
} from './functions';
export type { AzureFunctions, AzureFunctionsDependencies } from './functions';
export { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';
