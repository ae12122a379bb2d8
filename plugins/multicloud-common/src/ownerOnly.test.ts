import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  multicloudOwnerOnlyDecision,
  multicloudOwnerOnlyPermissions,
} from './ownerOnly';
import { multicloudStatusReadPermission } from './permissions';

const claims = ['user:default/olivia', 'group:default/team-orders'];

describe('multicloudOwnerOnlyDecision', () => {
  it.each(multicloudOwnerOnlyPermissions.map(p => [p.name, p]))(
    'lets only the owners of the entity use %s',
    (_name, permission) => {
      expect(multicloudOwnerOnlyDecision(permission, claims)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims },
        },
      });
    },
  );

  it('gives a caller who owns nothing a condition no entity matches', () => {
    expect(
      multicloudOwnerOnlyDecision(multicloudOwnerOnlyPermissions[0], []),
    ).toMatchObject({ conditions: { params: { claims: [] } } });
  });

  it('leaves reading the status, and every other permission, to the rest of the policy', () => {
    expect(
      multicloudOwnerOnlyDecision(multicloudStatusReadPermission, claims),
    ).toBeUndefined();
    expect(
      multicloudOwnerOnlyDecision(
        {
          type: 'basic',
          name: 'catalog.entity.create',
          attributes: { action: 'create' },
        },
        claims,
      ),
    ).toBeUndefined();
  });
});
