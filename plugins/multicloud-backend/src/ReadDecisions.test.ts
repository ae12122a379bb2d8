import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
  type QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
} from '@multicloud/backstage-plugin-multicloud-common';
import { ReadDecisions } from './ReadDecisions';

const orders = 'component:default/orders';
const payments = 'component:default/payments';
const read = multicloudStatusReadPermission.name;

function who(credentials: BackstageCredentials) {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return principal.userEntityRef ?? principal.type;
}

/**
 * A policy that allows `user:default/owner` only, and logs every decision it is asked. With
 * `byEntity`, its answer depends on the entity: CONDITIONAL for a caller asking about every
 * entity at once, then decided per entity (the owner may read `orders` only).
 */
function setup({ byEntity = false } = {}) {
  let clock = 1_000_000;
  const allowed = new Set(['user:default/owner']);
  const asked: string[] = [];
  const permissions = {
    authorize: async (
      requests: AuthorizePermissionRequest[],
      { credentials }: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => {
        asked.push(`${who(credentials)} ${r.permission.name} ${r.resourceRef}`);
        const allow =
          allowed.has(who(credentials)) &&
          (!byEntity || r.resourceRef === orders);
        return { result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
    authorizeConditional: async (
      requests: QueryPermissionRequest[],
      { credentials }: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => {
        asked.push(`${who(credentials)} ${r.permission.name} on all`);
        if (byEntity)
          return {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'HAS_METADATA',
              resourceType: 'catalog-entity',
              params: {},
            },
          };
        return {
          result: allowed.has(who(credentials))
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      }),
  };
  const decisions = new ReadDecisions({
    permissions: permissions as never,
    ttlMs: 5_000,
    now: () => clock,
  });
  return {
    decisions,
    allowed,
    asked,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('ReadDecisions', () => {
  const owner = mockCredentials.user('user:default/owner');
  const other = mockCredentials.user('user:default/other');
  const readAs = (d: ReadDecisions, ref: string, c: BackstageCredentials) =>
    d.authorize(multicloudStatusReadPermission, ref, c);

  it('decides a read once per caller for every entity when the policy does not depend on the entity, and again after the time to live', async () => {
    const { decisions, asked, advance } = setup();
    expect(await readAs(decisions, orders, owner)).toBe(AuthorizeResult.ALLOW);
    expect(await readAs(decisions, payments, owner)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await readAs(decisions, orders, other)).toBe(AuthorizeResult.DENY);
    expect(await readAs(decisions, payments, other)).toBe(AuthorizeResult.DENY);
    expect(asked).toEqual([
      `user:default/owner ${read} on all`,
      `user:default/other ${read} on all`,
    ]);
    advance(5_000);
    await readAs(decisions, orders, owner);
    expect(asked).toHaveLength(3);
  });

  it('asks and remembers each entity when the policy answers per entity, never mixing callers', async () => {
    const { decisions, asked } = setup({ byEntity: true });
    expect(await readAs(decisions, orders, owner)).toBe(AuthorizeResult.ALLOW);
    expect(await readAs(decisions, orders, owner)).toBe(AuthorizeResult.ALLOW);
    expect(await readAs(decisions, payments, owner)).toBe(AuthorizeResult.DENY);
    expect(await readAs(decisions, orders, other)).toBe(AuthorizeResult.DENY);
    expect(asked).toEqual([
      `user:default/owner ${read} on all`,
      `user:default/owner ${read} ${orders}`,
      `user:default/owner ${read} ${payments}`,
      `user:default/other ${read} on all`,
      `user:default/other ${read} ${orders}`,
    ]);
  });

  it('shows a revoked permission within the time to live', async () => {
    const { decisions, allowed, advance } = setup();
    await readAs(decisions, orders, owner);
    allowed.delete('user:default/owner');
    advance(4_000);
    // Past 4 of its 5 s the kept decision is used once more while it is asked again.
    expect(await readAs(decisions, orders, owner)).toBe(AuthorizeResult.ALLOW);
    await new Promise(resolve => setImmediate(resolve));
    expect(await readAs(decisions, orders, owner)).toBe(AuthorizeResult.DENY);
  });

  it('asks every decision to act on its resource, and every decision for a caller without identity', async () => {
    const { decisions, asked } = setup();
    for (let i = 0; i < 2; i++) {
      await decisions.authorize(
        multicloudFailoverExecutePermission,
        orders,
        owner,
      );
      await readAs(decisions, orders, mockCredentials.none());
    }
    expect(asked).toEqual([
      `user:default/owner ${multicloudFailoverExecutePermission.name} ${orders}`,
      `none ${read} ${orders}`,
      `user:default/owner ${multicloudFailoverExecutePermission.name} ${orders}`,
      `none ${read} ${orders}`,
    ]);
  });
});
