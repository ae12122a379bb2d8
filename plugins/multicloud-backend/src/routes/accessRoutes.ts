import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { multicloudFailoverExecutePermission } from '@multicloud/backstage-plugin-multicloud-common';
import Router from 'express-promise-router';

/**
 * `GET /failover/access`, for the portal's warning when failover is open to everyone: the
 * policy's answer for this caller on any service. A user's own request without a resourceRef is
 * refused by the permission backend, so the frontend cannot ask this itself; the plugin asks on
 * its behalf.
 */
export function accessRoutes(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { httpAuth, permissions } = options;
  const router = Router();
  router.get('/failover/access', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: multicloudFailoverExecutePermission }],
      { credentials },
    );
    res.json({ result: decision.result });
  });
  return router;
}
