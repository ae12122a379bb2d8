import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  multicloudDlqReplayPermission,
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
} from '@multicloud/backstage-plugin-multicloud-common';
import { OwnersMayFailOverPolicy } from './ownersMayFailOverPolicy';

const olivia = {
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/olivia',
    ownershipEntityRefs: ['user:default/olivia', 'group:default/team-orders'],
  },
  info: {
    userEntityRef: 'user:default/olivia',
    ownershipEntityRefs: ['user:default/olivia', 'group:default/team-orders'],
  },
  credentials: {} as never,
  token: 'token',
};

describe('OwnersMayFailOverPolicy', () => {
  const policy = new OwnersMayFailOverPolicy();

  it.each([multicloudFailoverExecutePermission, multicloudDlqReplayPermission])(
    'lets only the entity’s owners use $name',
    async permission => {
      const decision = await policy.handle({ permission }, olivia as never);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/olivia', 'group:default/team-orders'],
          },
        },
      });
    },
  );

  it('gives an anonymous caller no claims, so no entity matches', async () => {
    const decision = await policy.handle({
      permission: multicloudFailoverExecutePermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('lets everyone read the status', async () => {
    expect(
      await policy.handle(
        { permission: multicloudStatusReadPermission },
        olivia as never,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
