import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpHealthProbe, probeDrained } from './HealthProbe';

let status = 200;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.statusCode = status;
    res.end('{}');
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(r => server.close(r)));

describe('probing a drained cloud directly', () => {
  it('reads a cloud whose health endpoint answers 200 as healthy, anything else as unhealthy', async () => {
    status = 200;
    const up = await probeDrained(
      httpHealthProbe(),
      `${base}/health`,
      'westeurope',
      'Traffic Manager',
    );
    expect(up).toMatchObject({
      health: 'healthy',
      lastCheck: { ok: true, latencyMs: expect.any(Number) },
      lastError: null,
    });
    status = 503;
    const down = await probeDrained(
      httpHealthProbe(),
      `${base}/health`,
      'westeurope',
      'Traffic Manager',
    );
    expect(down).toMatchObject({
      health: 'unhealthy',
      lastError: expect.stringContaining('answered 503'),
    });
  });

  it('reads a cloud that does not answer as unhealthy', async () => {
    const reading = await probeDrained(
      httpHealthProbe(500),
      'http://127.0.0.1:1/health',
      'eu-west-1',
      'Front Door',
    );
    expect(reading.health).toBe('unhealthy');
    expect(reading.lastError).toContain('did not answer');
  });
});
