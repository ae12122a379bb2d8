import {
  AuthorizeResult,
  isPermission,
  type ConditionalPolicyDecision,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  multicloudDlqReplayPermission,
  multicloudFailoverExecutePermission,
} from './permissions';

/**
 * The multi-cloud permissions that change a service (move its traffic, replay its dead letters):
 * the ones a policy should give to the service's owners only.
 *
 * @public
 */
export const multicloudOwnerOnlyPermissions = [
  multicloudFailoverExecutePermission,
  multicloudDlqReplayPermission,
];

/**
 * The decision "only the service's owners", for a permission of `multicloudOwnerOnlyPermissions`;
 * `undefined` for any other permission, so a policy falls through to its own rules:
 *
 * ```ts
 * const decision = multicloudOwnerOnlyDecision(
 *   request.permission,
 *   user?.info.ownershipEntityRefs ?? [],
 * );
 * if (decision) return decision;
 * ```
 *
 * The condition is the catalog's `IS_ENTITY_OWNER` rule, evaluated by the catalog against the
 * entity the request names; it is the decision that `catalogConditions.isEntityOwner` of
 * `@backstage/plugin-catalog-backend/alpha` builds (Backstage docs, "Writing a permission
 * policy": https://backstage.io/docs/permissions/writing-a-policy), written out here so that a
 * policy needs no import of the catalog backend. A caller who owns nothing (no claims, e.g. the
 * guest user) matches no entity and is refused.
 *
 * @public
 */
export function multicloudOwnerOnlyDecision(
  permission: Permission,
  ownershipEntityRefs: string[],
): ConditionalPolicyDecision | undefined {
  if (!multicloudOwnerOnlyPermissions.some(p => isPermission(permission, p)))
    return undefined;
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: ownershipEntityRefs },
    },
  };
}
