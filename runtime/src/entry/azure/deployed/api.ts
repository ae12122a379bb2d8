import { createAzureApiFunction } from '../apiFunction';
import { azureRegion } from './region';

/** `api`, loaded when the Function App first serves a request. */
export const build = () => createAzureApiFunction(azureRegion());
