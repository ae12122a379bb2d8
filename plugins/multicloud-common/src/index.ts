/**
 * Shared types, permissions, annotations and the API client of the multi-cloud plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './ownerOnly';
export * from './serviceName';
export * from './api/types';
export * from './api/weights';
export type * from './api/MulticloudApi';
export * from './api/MulticloudClient';
