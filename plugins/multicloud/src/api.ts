import { createApiRef } from '@backstage/core-plugin-api';
import type { MulticloudApi } from '@multicloud/backstage-plugin-multicloud-common';

/**
 * The multi-cloud backend's client, as the app's API.
 *
 * @public
 */
export const multicloudApiRef = createApiRef<MulticloudApi>({
  id: 'plugin.multicloud.api',
});
