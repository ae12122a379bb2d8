import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  multicloudDlqReplayPermission,
  multicloudFailoverExecutePermission,
} from '@multicloud/backstage-plugin-multicloud-common';

/**
 * The example portal's policy: the owners of a service (its owner group's members) may fail it
 * over and replay its dead letters; everyone may read; everything else is allowed as in a fresh
 * Backstage. A platform team replaces this with its own policy.
 */
export class OwnersMayFailOverPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    for (const permission of [
      multicloudFailoverExecutePermission,
      multicloudDlqReplayPermission,
    ]) {
      if (isPermission(request.permission, permission)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
        );
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const ownersMayFailOverPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-may-fail-over',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnersMayFailOverPolicy());
      },
    });
  },
});
