import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  multicloudFailoverExecutePermission,
  multicloudStatusReadPermission,
} from '@multicloud/backstage-plugin-multicloud-common';
import { ReadDecisions } from './ReadDecisions';

const orders = 'component:default/orders';
const payments = 'component:default/payments';

/** A policy that allows `user:default/owner` only, and logs every decision it is asked. */
function setup() {
  let clock = 1_000_000;
  const allowed = new Set(['user:default/owner']);
  const asked: string[] = [];
  /** Items per request to the permission backend. */
  const calls: number[] = [];
  const permissions = {
    authorize: async (
      requests: AuthorizePermissionRequest[],
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      calls.push(requests.length);
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      const who = principal.userEntityRef ?? principal.type;
      return requests.map(r => {
        asked.push(`${who} ${r.permission.name} ${r.resourceRef}`);
        return {
          result: allowed.has(who)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      });
    },
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  const decisions = new ReadDecisions({
    permissions,
    ttlMs: 5_000,
    now: () => clock,
  });
  return {
    decisions,
    allowed,
    asked,
    calls,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('ReadDecisions', () => {
  const owner = mockCredentials.user('user:default/owner');
  const other = mockCredentials.user('user:default/other');

  it('asks a read decision once per caller and resource within the time to live, and again after it', async () => {
    const { decisions, asked, advance } = setup();
    const read = () =>
      decisions.authorize(multicloudStatusReadPermission, orders, owner);
    expect(await read()).toBe(AuthorizeResult.ALLOW);
    expect(await read()).toBe(AuthorizeResult.ALLOW);
    expect(asked).toHaveLength(1);
    await decisions.authorize(multicloudStatusReadPermission, payments, owner);
    expect(asked).toHaveLength(2);
    advance(5_000);
    await read();
    expect(asked).toHaveLength(3);
  });

  it("asks a caller's read decisions that come together in one request, each caller in its own", async () => {
    const { decisions, calls } = setup();
    const refs = Array.from(
      { length: 300 },
      (_, i) => `component:default/s${i}`,
    );
    const answers = await Promise.all([
      ...refs.map(ref =>
        decisions.authorize(multicloudStatusReadPermission, ref, owner),
      ),
      decisions.authorize(multicloudStatusReadPermission, orders, other),
    ]);
    expect(answers.slice(0, 300)).toEqual(
      refs.map(() => AuthorizeResult.ALLOW),
    );
    expect(answers[300]).toBe(AuthorizeResult.DENY);
    // At most 250 items a request (the permission backend's default body limit).
    expect(calls.sort((a, b) => b - a)).toEqual([250, 50, 1]);
  });

  it('never answers a caller with the decision made for another caller', async () => {
    const { decisions, asked } = setup();
    expect(
      await decisions.authorize(multicloudStatusReadPermission, orders, owner),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decisions.authorize(multicloudStatusReadPermission, orders, other),
    ).toBe(AuthorizeResult.DENY);
    expect(asked).toEqual([
      `user:default/owner ${multicloudStatusReadPermission.name} ${orders}`,
      `user:default/other ${multicloudStatusReadPermission.name} ${orders}`,
    ]);
  });

  it('shows a revoked permission within the time to live', async () => {
    const { decisions, allowed, advance } = setup();
    const read = () =>
      decisions.authorize(multicloudStatusReadPermission, orders, owner);
    await read();
    allowed.delete('user:default/owner');
    advance(4_000);
    // Past 4 of its 5 s the kept decision is used once more while it is asked again.
    expect(await read()).toBe(AuthorizeResult.ALLOW);
    // The decision asked again goes out with the caller's batch (after 5 ms without another).
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(await read()).toBe(AuthorizeResult.DENY);
  });

  it('asks every decision to act, and every decision for a caller without identity', async () => {
    const { decisions, asked } = setup();
    for (let i = 0; i < 2; i++) {
      await decisions.authorize(
        multicloudFailoverExecutePermission,
        orders,
        owner,
      );
      await decisions.authorize(
        multicloudStatusReadPermission,
        orders,
        mockCredentials.none(),
      );
    }
    expect(asked).toHaveLength(4);
  });
});
