import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NoHealthyRegionError, WeightedRouter } from './WeightedRouter';

function healthServer(status: () => number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.statusCode = status();
    res.end();
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(server)),
  );
}

const urlOf = (server: Server) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('WeightedRouter', () => {
  let awsStatus = 200;
  let aws: Server;
  let azure: Server;

  beforeAll(async () => {
    aws = await healthServer(() => awsStatus);
    azure = await healthServer(() => 200);
  });
  afterAll(async () => {
    await new Promise(r => aws.close(r));
    await new Promise(r => azure.close(r));
  });

  it('splits traffic by weight among healthy regions', () => {
    let seed = 1;
    // A small deterministic generator so the split is exact to within sampling noise.
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const router = new WeightedRouter({
      regions: { aws: () => urlOf(aws), azure: () => urlOf(azure) },
      weights: { aws: 80, azure: 20 },
      random,
    });
    const picks = Array.from({ length: 2000 }, () => router.pick());
    const awsShare = picks.filter(p => p === 'aws').length / picks.length;
    expect(awsShare).toBeGreaterThan(0.75);
    expect(awsShare).toBeLessThan(0.85);
  });

  it('sends nothing to a region after it fails the threshold of checks, and 503s when none is healthy', async () => {
    awsStatus = 200;
    const router = new WeightedRouter({
      regions: { aws: () => urlOf(aws), azure: () => urlOf(azure) },
      weights: { aws: 50, azure: 50 },
      failureThreshold: 2,
    });
    awsStatus = 503;
    await router.checkAll();
    // One failure is below the threshold: still healthy.
    expect(router.health.aws.healthy).toBe(true);
    await router.checkAll();
    expect(router.health.aws.healthy).toBe(false);
    expect(router.health.aws.lastCheck?.message).toBe('health answered 503');
    const picks = Array.from({ length: 200 }, () => router.pick());
    expect(picks.every(p => p === 'azure')).toBe(true);

    router.setWeights({ aws: 100, azure: 0 });
    // Weight zero still answers when no weighted region is healthy, as Route53 does.
    expect(router.pick()).toBe('azure');

    awsStatus = 200;
    await router.checkAll();
    expect(router.health.aws.healthy).toBe(true);
    expect(router.pick()).toBe('aws');

    const down = new WeightedRouter({
      regions: {
        aws: () => 'http://127.0.0.1:1',
        azure: () => 'http://127.0.0.1:1',
      },
      weights: { aws: 50, azure: 50 },
      failureThreshold: 1,
    });
    await down.checkAll();
    expect(() => down.pick()).toThrow(NoHealthyRegionError);
  });

  it('counts requests that failed at the router against the region they were meant for', () => {
    const router = new WeightedRouter({
      regions: { aws: () => urlOf(aws), azure: () => urlOf(azure) },
      weights: { aws: 50, azure: 50 },
    });
    router.recordFailure('aws');
    router.recordFailure('aws');
    expect(router.failedAtRouter('aws')).toBe(2);
    expect(router.failedAtRouter('azure')).toBe(0);
  });

  it('remembers when each region last passed a health check', async () => {
    awsStatus = 200;
    const router = new WeightedRouter({
      regions: { aws: () => urlOf(aws), azure: () => urlOf(azure) },
      weights: { aws: 50, azure: 50 },
    });
    expect(router.health.aws.lastOkAt).toBeNull();
    await router.checkAll();
    const passed = router.health.aws.lastOkAt;
    expect(passed).toEqual(expect.any(Number));
    awsStatus = 503;
    await router.checkAll();
    expect(router.health.aws.lastOkAt).toBe(passed);
    awsStatus = 200;
  });

  it('checks no more once stopped, even when stopped while a check is under way', async () => {
    let checks = 0;
    const waiting: (() => void)[] = [];
    const slow = createServer((_req, res) => {
      checks += 1;
      waiting.push(() => res.end());
    });
    await new Promise<void>(r => slow.listen(0, '127.0.0.1', () => r()));
    const router = new WeightedRouter({
      regions: { aws: () => urlOf(slow), azure: () => urlOf(slow) },
      weights: { aws: 50, azure: 50 },
      intervalMs: 10,
    });
    router.start();
    while (checks < 2) await new Promise(r => setTimeout(r, 5));
    router.stop();
    for (const answer of waiting.splice(0)) answer();
    await new Promise(r => setTimeout(r, 200));
    for (const answer of waiting.splice(0)) answer();
    // A timer set after the stop would keep checking, and keep the process alive.
    expect(checks).toBe(2);
    slow.closeAllConnections();
    await new Promise(r => slow.close(r));
  });
});
