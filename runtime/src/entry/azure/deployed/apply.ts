import { createAzureApplyFunction } from '../applyFunction';
import { antiEntropy } from './peer';
import { azureRegion } from './region';

/** `apply`, loaded when the inbound queue first delivers. */
export const build = () =>
  createAzureApplyFunction({ ...azureRegion(), reconciler: antiEntropy() });
