/**
 * The multi-cloud backend's extension point for provider modules, and the ports a provider
 * implements (health, metrics, routing, queues).
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './provider';
