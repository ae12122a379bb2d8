/**
 * The multi-cloud frontend plugin.
 *
 * @packageDocumentation
 */
export { multicloudPlugin, EntityMulticloudCard } from './plugin';
export { isMulticloudEntity as isMulticloudAvailable } from '@multicloud/backstage-plugin-multicloud-common';
