/** The AWS Lambda entry points of a generated service: `api`, `relay`, `apply`, `redrive` and `reconcile`. */
export { api, relay, apply, redrive, reconcile } from './handlers';
export { createAwsFunctions, parseStreamFailure } from './functions';
export type { AwsFunctions, AwsFunctionsDependencies } from './functions';
export { createAwsRedriveFunction } from './redriveFunction';
export { createAwsReconcileFunction } from './reconcileFunction';
