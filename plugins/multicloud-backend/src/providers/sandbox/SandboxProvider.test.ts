import type { ServiceLocation } from '../types';
import { SandboxProvider } from './SandboxProvider';

const service = (regions: {
  aws: string | null;
  azure: string | null;
}): ServiceLocation => ({
  entityRef: 'component:default/payments',
  serviceId: 'payments',
  provider: 'sandbox',
  locations: {
    aws: { account: null, region: regions.aws },
    azure: { account: null, region: regions.azure },
  },
  routing: 'route53',
  route53: null,
  azureRoutingResourceGroup: null,
});

const region = {
  health: 'healthy',
  healthSince: '2026-12-02T10:00:00.000Z',
  lastCheck: null,
  lastError: null,
};

/** The sandbox's control API answering `path` with `body` (CONTROL-API.md shapes). */
function sandboxAnswering(routes: Record<string, unknown>) {
  return (async (url: string) => {
    const path = new URL(url).pathname + new URL(url).search;
    const body = routes[path];
    return new Response(JSON.stringify(body ?? { error: { message: 'no' } }), {
      status: body ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

describe('SandboxProvider', () => {
  it('shows the regions the service names in its annotations, not the sandbox', async () => {
    const provider = new SandboxProvider(
      'http://sandbox',
      sandboxAnswering({
        '/api/services/payments/status': {
          regions: { aws: region, azure: region },
        },
      }),
    );
    const named = await provider.health.getHealth(
      service({ aws: 'eu-west-1', azure: 'westeurope' }),
    );
    expect(named.map(r => (r.ok ? r.data.region : r.error.message))).toEqual([
      'eu-west-1',
      'westeurope',
    ]);
    const unnamed = await provider.health.getHealth(
      service({ aws: null, azure: null }),
    );
    expect(unnamed.map(r => (r.ok ? r.data.region : null))).toEqual([
      'local',
      'local',
    ]);
  });

  it("passes the sandbox's chaos switches on as events of the range, by cloud", async () => {
    const provider = new SandboxProvider(
      'http://sandbox',
      sandboxAnswering({
        '/api/services/payments/metrics?range=1h': {
          stepSeconds: 30,
          regions: { aws: { series: {} }, azure: { series: {} } },
          events: [
            {
              at: '2026-12-02T10:00:00.000Z',
              kind: 'chaos',
              region: 'aws',
              mode: 'down',
            },
          ],
        },
      }),
    );
    const series = await provider.metrics.getSeries(
      service({ aws: 'eu-west-1', azure: 'westeurope' }),
      '1h',
    );
    expect(series.events).toEqual([
      {
        at: '2026-12-02T10:00:00.000Z',
        kind: 'chaos',
        cloud: 'aws',
        mode: 'down',
      },
    ]);
  });
});
