import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  multicloudDlqReplayPermission,
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
} from '@multicloud/backstage-plugin-multicloud-common';
import { MulticloudOwnerOnlyPolicy } from './MulticloudOwnerOnlyPolicy';

const ownership = ['user:default/olivia', 'group:default/team-orders'];
const olivia = {
  info: {
    userEntityRef: 'user:default/olivia',
    ownershipEntityRefs: ownership,
  },
} as PolicyQueryUser;

describe('MulticloudOwnerOnlyPolicy', () => {
  it.each([multicloudFailoverExecutePermission, multicloudDlqReplayPermission])(
    'lets only the owners of the service use $name',
    async permission => {
      const decision = await new MulticloudOwnerOnlyPolicy().handle(
        { permission },
        olivia,
      );
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: ownership } },
      });
    },
  );

  it('refuses failover to an anonymous caller: no claims match no entity', async () => {
    const decision = await new MulticloudOwnerOnlyPolicy().handle({
      permission: multicloudFailoverExecutePermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('allows everything else by default, as the allow-all policy does', async () => {
    expect(
      await new MulticloudOwnerOnlyPolicy().handle(
        { permission: multicloudStatusReadPermission },
        olivia,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("hands every other permission to the portal's own policy", async () => {
    const policy = new MulticloudOwnerOnlyPolicy({
      handle: async () => ({ result: AuthorizeResult.DENY }),
    });
    expect(
      await policy.handle(
        { permission: multicloudStatusReadPermission },
        olivia,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});
