import { createPermission } from '@backstage/plugin-permission-common';

const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Reading a service's status, metrics and failover history.
 *
 * @public
 */
export const multicloudStatusReadPermission = createPermission({
  name: 'multicloud.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Moving a service's traffic between clouds. Checked against the entity, so owner rules work.
 *
 * @public
 */
export const multicloudFailoverExecutePermission = createPermission({
  name: 'multicloud.failover.execute',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Replaying a service's dead-lettered replication events.
 *
 * @public
 */
export const multicloudDlqReplayPermission = createPermission({
  name: 'multicloud.dlq.replay',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const multicloudPermissions = [
  multicloudStatusReadPermission,
  multicloudFailoverExecutePermission,
  multicloudDlqReplayPermission,
];
