import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { ServiceSandbox } from '../ServiceSandbox';
import { createRouterServer } from './routerServer';
import { WeightedRouter } from './WeightedRouter';

/**
 * The router's front door on its own, in front of a region that answers with a digest of what it
 * received: what it refuses, and what it does not blame on a region.
 */
const servers: Server[] = [];
let routerUrl: string;
let router: WeightedRouter;
/** Requests the region behind every service received. */
let regionRequests = 0;
const broken = {
  router: {
    pick: () => {
      throw new TypeError('not started');
    },
  },
};

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const region = await listen(
    createServer(async (req, res) => {
      regionRequests += 1;
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        for await (const chunk of req) {
          hash.update(chunk);
          bytes += chunk.length;
        }
      } catch {
        return; // the router gave up on the request: nobody to answer
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') }));
    }),
  );
  router = new WeightedRouter({
    regions: { aws: () => region, azure: () => region },
    weights: { aws: 50, azure: 50 },
  });
  const services = new Map([
    ['orders', { router } as unknown as ServiceSandbox],
    ['broken', broken as unknown as ServiceSandbox],
  ]);
  routerUrl = await listen(createRouterServer(() => services, 'orders'));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  }
});

const failures = () =>
  router.failedAtRouter('aws') + router.failedAtRouter('azure');

function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(routerUrl).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', c => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.write(text);
  });
}

describe('the router', () => {
  it('streams a body to the region unchanged', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 7);
    const res = await fetch(`${routerUrl}/items/big`, { method: 'PUT', body });
    expect(await res.json()).toEqual({
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('refuses methods it cannot forward with a 405, without blaming a region', async () => {
    const res = await new Promise<{ status: number; text: string }>(resolve =>
      request(`${routerUrl}/items/x`, { method: 'TRACE' }, r => {
        let text = '';
        r.on('data', c => (text += c));
        r.on('end', () => resolve({ status: r.statusCode!, text }));
      }).end(),
    );
    expect(res.status).toBe(405);
    expect(JSON.parse(res.text).error.message).toBe(
      'the router does not forward TRACE requests',
    );
    expect(
      await raw(
        'CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n',
      ),
    ).toMatch(
      /^HTTP\/1\.1 405 Method Not Allowed\r\n[\s\S]*"CONNECT example.com:443 is not served here/,
    );
    expect(failures()).toBe(0);
  });

  it('answers a request its parser refuses with a 4xx and a reason', async () => {
    for (const [text, status, code] of [
      [
        'GET /items HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n',
        400,
        'HPE_UNEXPECTED_CONTENT_LENGTH',
      ],
      ['BREW /items HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'HPE_INVALID_METHOD'],
      [
        `GET /items HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(
          20_000,
        )}\r\n\r\n`,
        431,
        'HPE_HEADER_OVERFLOW',
      ],
      [
        'GET /items HTTP/1.1\r\nconnection: close\r\n\r\n',
        400,
        'the request has no Host header',
      ],
    ] as const) {
      const answer = await raw(text);
      expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body.error.message).toContain(code);
    }
    expect(failures()).toBe(0);
  });

  it('does not count a client that goes away mid-body as a failure of the region', async () => {
    await new Promise<void>(resolve => {
      const socket = connect(
        Number(new URL(routerUrl).port),
        '127.0.0.1',
        () => {
          socket.write(
            'PUT /items/gone HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":',
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 100);
        },
      );
    });
    await new Promise(r => setTimeout(r, 200));
    expect(failures()).toBe(0);
    expect(
      (await fetch(`${routerUrl}/items/after`, { method: 'PUT', body: '{}' }))
        .status,
    ).toBe(200);
  });

  it.each([
    '/svc/%2e%2e/items',
    '/svc/%2E%2e/items',
    '/svc/.%2e/items',
    '/svc/../items',
    '/svc/orders/%2e%2e/broken/items',
    '/svc/orders\\..\\broken/items',
    '/items/%2e/x?y=1',
  ])(
    'refuses %s, whose dot segment URL parsing would resolve, with a 400 and a reason, forwarding nothing',
    async target => {
      const before = regionRequests;
      const answer = await raw(
        `GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
      );
      expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
      expect(
        JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.message,
      ).toMatch(
        /^the request path has the dot segment ".*", which URL parsing/,
      );
      expect(regionRequests).toBe(before);
    },
  );

  it.each([
    ['/svc/%252e%252e/items', '%252e%252e'],
    ['/svc/orders%2fitems/x', 'orders%2fitems'],
    ['/svc/%6frders/items', '%6frders'],
    ['/svc//items', ''],
  ])(
    'answers %s, whose service name is no service, as an unknown service, forwarding nothing',
    async (target, name) => {
      const before = regionRequests;
      const res = await fetch(`${routerUrl}${target}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.message).toBe(
        `no service ${name} in the sandbox`,
      );
      expect(regionRequests).toBe(before);
    },
  );

  it('answers a failure of its own with a 500 and a reason instead of leaving the request hanging', async () => {
    const res = await fetch(`${routerUrl}/svc/broken/items`, {
      signal: AbortSignal.timeout(2000),
    });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toBe(
      'the router failed: not started',
    );
  });
});
