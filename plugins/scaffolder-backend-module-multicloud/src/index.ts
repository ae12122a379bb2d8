/**
 * Scaffolder actions for multi-cloud services.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMulticloud as default } from './module';
