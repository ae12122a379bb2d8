/**
 * Shared types, permissions and annotations of the multi-cloud plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
