import { azureMonitorLink } from './consoleLinks';

describe('azureMonitorLink', () => {
  const window = {
    start: new Date('2026-12-02T09:00:00.000Z'),
    end: new Date('2026-12-02T10:00:00.000Z'),
    stepSeconds: 60,
  };
  const resourceId =
    '/subscriptions/sub-1/resourceGroups/rg-orders/providers/Microsoft.ServiceBus/namespaces/sbns-orders-bus';

  it("opens the metrics explorer on the same metric, window and queue, in Grafana's link format", () => {
    const { title, url } = azureMonitorLink({
      title: 'Inbound queue',
      window,
      metrics: [
        {
          resourceId,
          namespace: 'Microsoft.ServiceBus/namespaces',
          name: 'ActiveMessages',
          aggregation: 'maximum',
          displayName: 'ActiveMessages',
        },
      ],
      filter: { dimension: 'EntityName', value: 'orders-inbound' },
    });
    expect(title).toBe('Azure Monitor');
    const match = url.match(
      /^https:\/\/portal\.azure\.com\/#blade\/Microsoft_Azure_MonitoringMetrics\/Metrics\.ReactView\/Referer\/MetricsExplorer\/TimeContext\/([^/]+)\/ChartDefinition\/([^/]+)$/,
    );
    expect(match).not.toBeNull();
    expect(JSON.parse(decodeURIComponent(match![1]))).toEqual({
      absolute: {
        startTime: '2026-12-02T09:00:00.000Z',
        endTime: '2026-12-02T10:00:00.000Z',
      },
    });
    expect(JSON.parse(decodeURIComponent(match![2]))).toEqual({
      v2charts: [
        {
          title: 'Inbound queue',
          metrics: [
            {
              resourceMetadata: { id: resourceId },
              name: 'ActiveMessages',
              aggregationType: 3,
              namespace: 'Microsoft.ServiceBus/namespaces',
              metricVisualization: { displayName: 'ActiveMessages' },
            },
          ],
          filterCollection: {
            filters: [
              { key: 'EntityName', operator: 0, values: ['orders-inbound'] },
            ],
          },
        },
      ],
    });
  });

  it('encodes spaces as %20, never +, which the portal times out on', () => {
    const { url } = azureMonitorLink({
      title: 'Failed and all requests',
      window,
      metrics: [],
    });
    expect(url).toContain('Failed%20and%20all%20requests');
    expect(url).not.toContain('+');
  });
});
