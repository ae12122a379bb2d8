import { createRouteRef } from '@backstage/core-plugin-api';

/** The multi-cloud tab of an entity page. */
export const multicloudRouteRef = createRouteRef({ id: 'multicloud' });

/** The observability tab of an entity page. */
export const observabilityRouteRef = createRouteRef({
  id: 'multicloud-observability',
});
