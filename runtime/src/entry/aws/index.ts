/** The AWS Lambda entry points of a generated service: `api`, `relay`, `apply`, `redrive` and `reconcile`. */
export { api, relay, apply } from './handlers';
export { redrive, reconcile } from './scheduled';
