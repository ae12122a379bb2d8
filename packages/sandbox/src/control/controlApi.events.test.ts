import { createControlApi } from './controlApi';
import { ServiceEvents } from '../stats/ServiceEvents';
import type { ServiceSandbox } from '../ServiceSandbox';

/** A service with just what the chaos and metrics routes touch. */
function fakeService() {
  const region = (name: 'aws' | 'azure') => ({
    name,
    chaos: 'none',
    stats: { series: () => ({}) },
  });
  return {
    id: 'orders',
    regions: { aws: region('aws'), azure: region('azure') },
    events: new ServiceEvents(),
  } as unknown as ServiceSandbox;
}

describe('chaos as events', () => {
  it('lists each chaos switch with the metrics of the range, for the charts to mark', async () => {
    const service = fakeService();
    const app = createControlApi({
      services: () => new Map([['orders', service]]),
      addService: async () => ({ created: false }),
      routerUrl: () => '',
    });
    const chaos = (mode: string) =>
      app.request('/api/services/orders/regions/aws/chaos', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
    expect((await chaos('down')).status).toBe(200);
    expect((await chaos('none')).status).toBe(200);
    expect((await chaos('sideways')).status).toBe(400);

    const metrics = await (
      await app.request('/api/services/orders/metrics?range=1h')
    ).json();
    expect(
      metrics.events.map((e: { region: string; mode: string }) => [
        e.region,
        e.mode,
      ]),
    ).toEqual([
      ['aws', 'down'],
      ['aws', 'none'],
    ]);
    expect(Date.now() - Date.parse(metrics.events[0].at)).toBeLessThan(5000);
  });
});
