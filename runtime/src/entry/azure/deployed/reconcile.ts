import { createAzureReconcileFunction } from '../reconcileFunction';
import { antiEntropy } from './peer';

/** `reconcile`, loaded when its timer first fires. */
export const build = () =>
  createAzureReconcileFunction({ reconciler: antiEntropy() });
