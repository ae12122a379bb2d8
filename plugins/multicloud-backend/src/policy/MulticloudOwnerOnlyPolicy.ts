import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { multicloudOwnerOnlyDecision } from '@multicloud/backstage-plugin-multicloud-common';

const allowAll: PermissionPolicy = {
  handle: async () => ({ result: AuthorizeResult.ALLOW }),
};

/**
 * A permission policy in which only the owners of a service (the members of its owner group, or
 * the owner user) may fail it over and replay its dead letters. Every other permission goes to
 * `fallback`: by default everything is allowed, as under Backstage's allow-all policy.
 *
 * @public
 */
export class MulticloudOwnerOnlyPolicy implements PermissionPolicy {
  constructor(private readonly fallback: PermissionPolicy = allowAll) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      multicloudOwnerOnlyDecision(
        request.permission,
        user?.info.ownershipEntityRefs ?? [],
      ) ?? this.fallback.handle(request, user)
    );
  }
}

/**
 * The drop-in replacement of `@backstage/plugin-permission-backend-module-allow-all-policy`:
 * everything stays allowed except failover and replay, which only a service's owners may use.
 * A backend has one policy; a portal with its own policy calls `multicloudOwnerOnlyDecision`
 * from the common package in it instead.
 *
 * @public
 */
export const multicloudOwnerOnlyPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'multicloud-owner-only-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new MulticloudOwnerOnlyPolicy());
      },
    });
  },
});
