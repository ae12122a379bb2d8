/**
 * The multi-cloud frontend plugin.
 *
 * @packageDocumentation
 */
export {
  multicloudPlugin,
  EntityMulticloudCard,
  EntityMulticloudContent,
  EntityMulticloudObservabilityContent,
} from './plugin';
export { multicloudApiRef } from './api';
export { isMulticloudEntity as isMulticloudAvailable } from '@multicloud/backstage-plugin-multicloud-common';
export { MulticloudServiceNameFieldExtension } from './scaffolder';
