/** The AWS Lambda entry points of a generated service: `api`, `relay` and `apply`. */
export { api, relay, apply } from './handlers';
export { createAwsFunctions, parseStreamFailure } from './functions';
export type { AwsFunctions, AwsFunctionsDependencies } from './functions';
