import { fakeProvider, ordersLocation } from '../__testUtils__/fakeProvider';
import type { CurrentMetrics } from '../providers/types';
import { readStatus } from './readStatus';

const now = Date.parse('2026-12-01T22:26:45Z');
const at = (secondsAgo: number) =>
  new Date(now - secondsAgo * 1000).toISOString();

function metrics(overrides: Partial<CurrentMetrics>): CurrentMetrics {
  return {
    requestsPerSecond: 10,
    latencyP50Ms: 5,
    latencyP99Ms: 20,
    errorRate: 0,
    failedAtRouterPerSecond: null,
    asOf: at(1),
    ...overrides,
  };
}

function setup(current: Record<'aws' | 'azure', CurrentMetrics>) {
  const { provider, state } = fakeProvider();
  provider.metrics.getCurrent = async () =>
    (['aws', 'azure'] as const).map(cloud => ({
      cloud,
      ok: true as const,
      data: current[cloud],
    }));
  return { provider, state };
}

describe('readStatus', () => {
  it('marks the figures of a cloud that stopped reporting as stale, with the time of their last data', async () => {
    const { provider, state } = setup({
      aws: metrics({ asOf: at(60), errorRate: 0 }),
      azure: metrics({ asOf: at(1) }),
    });
    state.health.aws = 'unhealthy';
    const [aws, azure] = await readStatus(provider, ordersLocation, now);
    expect(aws).toMatchObject({
      ok: true,
      data: { freshness: { requests: { asOf: at(60), stale: true } } },
    });
    expect(azure).toMatchObject({
      ok: true,
      data: { freshness: { requests: { asOf: at(1), stale: false } } },
    });
  });

  it('reads a healthy cloud without datapoints as idle, and an unhealthy one as unreadable', async () => {
    const { provider, state } = setup({
      aws: metrics({ asOf: null, requestsPerSecond: 0 }),
      azure: metrics({ asOf: null, requestsPerSecond: 0 }),
    });
    state.health.aws = 'unhealthy';
    const [aws, azure] = await readStatus(provider, ordersLocation, now);
    expect(aws.ok && aws.data.freshness.requests.stale).toBe(true);
    expect(azure.ok && azure.data.freshness.requests.stale).toBe(false);
  });

  it('marks figures that could not be read as stale, never as fresh nulls', async () => {
    const { provider } = fakeProvider();
    const [aws] = await readStatus(provider, ordersLocation, now);
    expect(aws).toMatchObject({
      ok: true,
      data: {
        requestsPerSecond: null,
        freshness: {
          requests: { asOf: null, stale: true },
          replication: { asOf: null, stale: true },
        },
      },
    });
  });

  it('takes the share of traffic the routing counted, or else derives it from both request rates', async () => {
    const counted = setup({
      aws: metrics({ trafficShare: 0.18 }),
      azure: metrics({ trafficShare: 0.82 }),
    });
    const [aws] = await readStatus(counted.provider, ordersLocation, now);
    expect(aws.ok && aws.data.trafficShare).toBe(0.18);

    const derived = setup({
      aws: metrics({ requestsPerSecond: 1 }),
      azure: metrics({ requestsPerSecond: 3 }),
    });
    const [, azure] = await readStatus(derived.provider, ordersLocation, now);
    expect(azure.ok && azure.data.trafficShare).toBe(0.75);
  });
});
