import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entityPath, MulticloudClient } from './MulticloudClient';

describe('MulticloudClient', () => {
  it('calls the documented route and returns its body', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url?.endsWith('/status')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ serviceId: 'orders', clouds: [] }));
      } else if (req.url?.endsWith('/failover/access')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ result: 'ALLOW' }));
      } else {
        res.writeHead(409, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: {
              name: 'FailoverRefusedError',
              message: 'the target is unhealthy',
            },
            request: { method: 'POST', url: req.url },
            response: { statusCode: 409 },
          }),
        );
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/multicloud`;
    const client = new MulticloudClient({
      discoveryApi: { getBaseUrl: async () => base },
    });
    try {
      expect(await client.getStatus('component:default/orders')).toMatchObject({
        serviceId: 'orders',
      });
      await expect(
        client.executeFailover('component:orders', {
          target: 'azure',
          reason: 'drill',
        }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        response: { status: 409 },
        cause: expect.objectContaining({ message: 'the target is unhealthy' }),
      });
      expect(await client.getFailoverAccess()).toEqual({ result: 'ALLOW' });
      expect(seen).toEqual([
        'GET /api/multicloud/services/component/default/orders/status',
        'POST /api/multicloud/services/component/default/orders/failover',
        'GET /api/multicloud/failover/access',
      ]);
    } finally {
      server.close();
    }
  });

  it('encodes entity refs and refuses malformed ones', () => {
    expect(entityPath('Component:team a/Orders')).toBe(
      'component/team%20a/orders',
    );
    expect(() => entityPath('orders')).toThrow(/not an entity ref/);
  });
});
