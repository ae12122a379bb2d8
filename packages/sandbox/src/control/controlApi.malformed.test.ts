import { getRequestListener } from '@hono/node-server';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControlApi, MAX_CONTROL_BODY_BYTES } from './controlApi';
import { createSandboxServer } from '../protocolErrors';
import { refuseDotSegments } from '../requestTarget';
import { ServiceEvents } from '../stats/ServiceEvents';
import type { ServiceSandbox } from '../ServiceSandbox';

/** A service with what the chaos, weights and metrics routes touch. */
function fakeService() {
  let weights = { aws: 50, azure: 50 };
  const region = (name: 'aws' | 'azure') => ({
    name,
    chaos: 'none',
    stats: { series: () => ({}) },
  });
  return {
    id: 'orders',
    regions: { aws: region('aws'), azure: region('azure') },
    events: new ServiceEvents(),
    router: {
      getWeights: () => ({ ...weights }),
      setWeights: (w: typeof weights) => {
        weights = { ...w };
      },
    },
  } as unknown as ServiceSandbox;
}

describe('the control API refuses malformed requests with a 4xx and a reason, and changes nothing', () => {
  const service = fakeService();
  const app = createControlApi({
    services: () => new Map([['orders', service]]),
    addService: async () => ({ created: false }),
    routerUrl: () => '',
  });
  const state = () => ({
    chaos: [service.regions.aws.chaos, service.regions.azure.chaos],
    weights: service.router.getWeights(),
    events: service.events.since(3_600_000).length,
  });

  const bodies: [
    string,
    Record<string, string>,
    BodyInit | undefined,
    number,
    RegExp,
  ][] = [
    [
      'text/plain',
      { 'content-type': 'text/plain' },
      '{"mode":"down"}',
      415,
      /application\/json.*"text\/plain"/,
    ],
    // Bytes, not a string: a Request with a string body says text/plain by itself.
    [
      'no content type',
      {},
      new TextEncoder().encode('{"mode":"down"}'),
      415,
      /no content type/,
    ],
    [
      'a form',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'mode=down',
      415,
      /application\/json/,
    ],
    [
      'another charset',
      { 'content-type': 'application/json; charset=latin1' },
      '{"mode":"down"}',
      415,
      /application\/json/,
    ],
    [
      'truncated JSON',
      { 'content-type': 'application/json' },
      '{"mode":"down"',
      400,
      /not JSON text/,
    ],
    [
      'no body',
      { 'content-type': 'application/json' },
      undefined,
      400,
      /not JSON text/,
    ],
    [
      'bytes that are not UTF-8',
      { 'content-type': 'application/json' },
      new Uint8Array([0x7b, 0xff, 0x7d]),
      400,
      /not JSON text/,
    ],
    [
      'a huge body',
      { 'content-type': 'application/json' },
      `{"mode":"down","x":"${'x'.repeat(MAX_CONTROL_BODY_BYTES)}"}`,
      413,
      /larger than 16384 bytes/,
    ],
  ];

  it.each(bodies)(
    'chaos and weights with %s',
    async (_name, headers, body, status, reason) => {
      const before = state();
      for (const [method, path] of [
        ['POST', '/api/services/orders/regions/aws/chaos'],
        ['PUT', '/api/services/orders/weights'],
      ]) {
        const res = await app.request(path, { method, headers, body });
        expect(res.status).toBe(status);
        expect((await res.json()).error.message).toMatch(reason);
      }
      expect(state()).toEqual(before);
    },
  );

  it('takes application/json with charset=utf-8', async () => {
    const res = await app.request('/api/services/orders/weights', {
      method: 'PUT',
      headers: { 'content-type': 'Application/JSON; charset="UTF-8"' },
      body: '{"aws":0,"azure":100}',
    });
    expect(res.status).toBe(200);
    expect(service.router.getWeights()).toEqual({ aws: 0, azure: 100 });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', '1H', ''])(
    'refuses the metrics range %j',
    async range => {
      const res = await app.request(
        `/api/services/orders/metrics?range=${range}`,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBe(
        'range must be one of 1h, 6h, 24h, 7d',
      );
    },
  );
});

describe("the control API while a region's queue cannot be reached", () => {
  it('answers the dead-letter and poison routes with a 503 that says so', async () => {
    const unreachable = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    };
    const region = {
      name: 'aws',
      chaos: 'none',
      injectPoison: unreachable,
      inbound: {
        peekDeadLetters: unreachable,
        replayDeadLetters: unreachable,
        depth: unreachable,
      },
    };
    const service = {
      id: 'orders',
      regions: { aws: region, azure: region },
    } as unknown as ServiceSandbox;
    const app = createControlApi({
      services: () => new Map([['orders', service]]),
      addService: async () => ({ created: false }),
      routerUrl: () => '',
    });
    for (const [method, path] of [
      ['GET', 'dlq'],
      ['POST', 'dlq/replay'],
      ['POST', 'poison'],
    ]) {
      const res = await app.request(
        `/api/services/orders/regions/aws/${path}`,
        { method },
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).error.message).toBe(
        'the aws queue could not be reached: connect ECONNREFUSED 127.0.0.1:9',
      );
    }
  });
});

describe('the control API as startSandbox serves it, with paths that URL parsing would rewrite', () => {
  const service = fakeService();
  const added: string[] = [];
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const app = createControlApi({
      services: () => new Map([['orders', service]]),
      addService: async id => {
        added.push(id);
        return { created: true };
      },
      routerUrl: () => '',
    });
    server = createSandboxServer(
      refuseDotSegments(getRequestListener(app.fetch)),
    );
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  /** Sends the path as written: fetch would resolve its dot segments before sending. */
  const send = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; message: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: body ? { 'content-type': 'application/json' } : {},
        },
        res => {
          let text = '';
          res.on('data', c => (text += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              message: JSON.parse(text).error?.message,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it.each([
    // Would be PUT /api/services/orders/weights.
    ['PUT', '/api/services/orders/regions/aws/%2e%2e/%2e%2e/weights'],
    ['PUT', '/api/services/orders/regions/aws/..%5c/.%2E/weights'],
    ['PUT', '/api/services/orders/regions/aws\\..\\..\\weights'],
    // Would be PUT /api/services/weights: hosting a service named "weights".
    ['PUT', '/api/services/orders/%2e%2e/weights'],
    ['GET', '/api/services/%2e%2e/status'],
  ])(
    'refuses %s %s with a 400 and a reason, changing nothing',
    async (method, path) => {
      const res = await send(method, path, '{"aws":0,"azure":100}');
      expect(res.status).toBe(400);
      expect(res.message).toMatch(/^the request path has the dot segment/);
      expect(service.router.getWeights()).toEqual({ aws: 50, azure: 50 });
      expect(added).toEqual([]);
    },
  );

  it.each([
    ['/api/services/orders%2fweights/status', 'orders/weights'],
    ['/api/services/%252e%252e/status', '%2e%2e'],
  ])(
    'answers GET %s, whose service name is decoded once, as an unknown service',
    async (path, name) => {
      expect(await send('GET', path)).toEqual({
        status: 404,
        message: `no service ${name} in the sandbox`,
      });
    },
  );

  it.each(['/api/services/a%2fb', '/api/services/%252e%252e'])(
    'refuses to host PUT %s, which is no service id',
    async path => {
      const res = await send('PUT', path);
      expect(res.status).toBe(400);
      expect(res.message).toMatch(/^a service id is 2 to 32/);
      expect(added).toEqual([]);
    },
  );
});
