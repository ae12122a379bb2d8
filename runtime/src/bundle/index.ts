/** Builds a service's deployable packages: a bundle per Lambda function and the Function App. */
export * from './functionBundles';
