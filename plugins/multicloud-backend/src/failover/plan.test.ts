import {
  BUILT_IN_CLOUDS,
  type CloudInfo,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  checkFailoverRequest,
  GITOPS_WEIGHTS_PATH,
  planFailover,
  refusalMessage,
} from './plan';

const healthy: Record<'aws' | 'azure', HealthState> = {
  aws: 'healthy',
  azure: 'healthy',
};

function plan(overrides: Partial<Parameters<typeof planFailover>[0]> = {}) {
  return planFailover({
    entityRef: 'component:default/orders',
    serviceName: 'orders',
    clouds: BUILT_IN_CLOUDS,
    request: { target: 'azure', reason: 'AWS eu-west-1 degraded' },
    current: { aws: 50, azure: 50 },
    health: healthy,
    runningFailoverId: null,
    ...overrides,
  });
}

const check = (p: ReturnType<typeof plan>, rule: string) =>
  p.checks.find(c => c.rule === rule)!;

describe('planFailover', () => {
  it('moves all traffic to a healthy target and states the GitOps change', () => {
    const p = plan();
    expect(p.allowed).toBe(true);
    expect(p.desired).toEqual({ aws: 0, azure: 100 });
    expect(p.checks.every(c => c.ok)).toBe(true);
    expect(p.gitops.path).toBe(GITOPS_WEIGHTS_PATH);
    expect(JSON.parse(p.gitops.content)).toEqual({
      weights: { aws: 0, azure: 100 },
    });
    expect(p.gitops.commitMessage).toContain('AWS 0% / Azure 100%');
    expect(p.gitops.commitMessage).toContain('AWS eu-west-1 degraded');
  });

  it('refuses an unhealthy target and says why, unless forced', () => {
    const refused = plan({ health: { aws: 'healthy', azure: 'unhealthy' } });
    expect(refused.allowed).toBe(false);
    expect(check(refused, 'target-healthy')).toMatchObject({
      ok: false,
      overridable: true,
    });
    expect(refusalMessage(refused)).toMatch(/Azure is unhealthy/);

    const forced = plan({
      health: { aws: 'healthy', azure: 'unhealthy' },
      request: { target: 'azure', reason: 'drill', force: true },
    });
    expect(forced.allowed).toBe(true);
  });

  it('treats a cloud whose health is unknown as not healthy', () => {
    expect(plan({ health: { aws: 'healthy', azure: 'unknown' } }).allowed).toBe(
      false,
    );
  });

  it('never drains every cloud, even when forced', () => {
    const p = plan({
      request: {
        target: 'split',
        weights: { aws: 0, azure: 0 },
        reason: 'x',
        force: true,
      },
    });
    expect(p.allowed).toBe(false);
    expect(check(p, 'at-least-one-on').ok).toBe(false);
    expect(check(p, 'weights-valid').ok).toBe(false);
    expect(refusalMessage(p)).toMatch(/drain every cloud/);
  });

  it('refuses weights that do not add up to 100 or are not whole percentages', () => {
    expect(
      plan({
        request: {
          target: 'split',
          weights: { aws: 70, azure: 20 },
          reason: 'x',
        },
      }).allowed,
    ).toBe(false);
    const fractional = plan({
      request: {
        target: 'split',
        weights: { aws: 50.5, azure: 49.5 },
        reason: 'x',
      },
    });
    expect(check(fractional, 'weights-valid').message).toMatch(/whole numbers/);
  });

  it('allows one failover per service at a time, and force does not change that', () => {
    const p = plan({
      runningFailoverId: 'f-1',
      request: { target: 'azure', reason: 'x', force: true },
    });
    expect(p.allowed).toBe(false);
    expect(refusalMessage(p)).toMatch(/f-1 .* still running/);
  });

  it('restores the split as 50/50 by default and checks both clouds', () => {
    const p = plan({
      current: { aws: 0, azure: 100 },
      request: { target: 'split', reason: 'AWS is back' },
      health: { aws: 'unhealthy', azure: 'healthy' },
    });
    expect(p.desired).toEqual({ aws: 50, azure: 50 });
    expect(p.allowed).toBe(false);
    expect(check(p, 'target-healthy').message).toMatch(/AWS is unhealthy/);
  });
});

const threeClouds: CloudInfo[] = [
  ...BUILT_IN_CLOUDS,
  { id: 'gcp', label: 'Google Cloud', color: '#34a853' },
];

describe('planFailover on three clouds', () => {
  const three = (overrides: Partial<Parameters<typeof planFailover>[0]> = {}) =>
    plan({
      clouds: threeClouds,
      current: { aws: 50, azure: 50, gcp: 0 },
      health: { aws: 'healthy', azure: 'healthy', gcp: 'healthy' },
      ...overrides,
    });

  it('moves all traffic to the third cloud and drains the other two', () => {
    const p = three({ request: { target: 'gcp', reason: 'drill' } });
    expect(p.desired).toEqual({ aws: 0, azure: 0, gcp: 100 });
    expect(p.allowed).toBe(true);
    expect(check(p, 'at-least-one-on').message).toBe(
      'traffic keeps going to Google Cloud',
    );
    expect(p.gitops.commitMessage).toContain(
      'AWS 0% / Azure 0% / Google Cloud 100%',
    );
    expect(JSON.parse(p.gitops.content)).toEqual({
      weights: { aws: 0, azure: 0, gcp: 100 },
    });
  });

  it('splits evenly with the remainder to the first clouds', () => {
    const p = three({ request: { target: 'split', reason: 'back' } });
    expect(p.desired).toEqual({ aws: 34, azure: 33, gcp: 33 });
    expect(check(p, 'weights-valid').ok).toBe(true);
  });

  it('asks only the clouds that gain traffic to be healthy', () => {
    const away = three({
      current: { aws: 40, azure: 30, gcp: 30 },
      health: { aws: 'unhealthy', azure: 'healthy', gcp: 'unknown' },
      request: {
        target: 'split',
        weights: { aws: 0, azure: 70, gcp: 30 },
        reason: 'AWS down',
      },
    });
    expect(away.allowed).toBe(true);
    expect(check(away, 'target-healthy').message).toBe('Azure is healthy');

    const toBoth = three({
      health: { aws: 'healthy', azure: 'unhealthy', gcp: 'unknown' },
      request: { target: 'split', reason: 'x' },
    });
    expect(toBoth.allowed).toBe(false);
    expect(check(toBoth, 'target-healthy').message).toMatch(
      /^refused: Google Cloud is unknown/,
    );
  });
});

describe('checkFailoverRequest', () => {
  it('refuses a cloud the service does not run on, naming its clouds', () => {
    expect(() =>
      checkFailoverRequest({ target: 'gcp', reason: 'x' }, BUILT_IN_CLOUDS),
    ).toThrow(
      'unknown failover target "gcp": the service runs on aws, azure, so the target must be one of aws, azure, split',
    );
  });

  it('refuses split weights that are not one per cloud of the service', () => {
    expect(() =>
      checkFailoverRequest(
        { target: 'split', weights: { aws: 50, oci: 50 }, reason: 'x' },
        BUILT_IN_CLOUDS,
      ),
    ).toThrow(
      'weights must give one weight per cloud of the service (aws, azure); unknown: oci; missing: azure',
    );
  });

  it('accepts a cloud of the service and split weights of exactly its clouds', () => {
    expect(() =>
      checkFailoverRequest({ target: 'gcp', reason: 'x' }, threeClouds),
    ).not.toThrow();
    expect(() =>
      checkFailoverRequest(
        {
          target: 'split',
          weights: { aws: 20, azure: 30, gcp: 50 },
          reason: 'x',
        },
        threeClouds,
      ),
    ).not.toThrow();
  });
});
