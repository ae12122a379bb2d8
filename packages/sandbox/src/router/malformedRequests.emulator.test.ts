import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  RunningEmulator,
  startCosmosDbServer,
  startDynalite,
} from '@multicloud/cloud-fakes';
import {
  CosmosStore,
  createApi,
  DynamoDbStore,
  ensureCosmosContainer,
  ensureDynamoDbTable,
  HybridLogicalClock,
  ItemService,
  MAX_DATA_JSON_BYTES,
  type Store,
} from '@multicloud/runtime';
import type { ServiceSandbox } from '../ServiceSandbox';
import { createRouterServer } from './routerServer';
import { WeightedRouter } from './WeightedRouter';

/**
 * Malformed requests against both sides (the runtime API on DynamoDB and on Cosmos DB, served
 * over HTTP as the sandbox serves them) and the sandbox's router in front of them: every one is
 * answered with a 4xx and a message, none with a 5xx, and neither store changes.
 */
const NUM_REQUESTS = Number(process.env.MALFORMED_REQUESTS ?? 500);

let dynalite: RunningEmulator;
let cosmos: RunningEmulator;
const servers: Server[] = [];
const stores: Record<string, Store> = {};
const targets: Record<string, string> = {};

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  [dynalite, cosmos] = await Promise.all([
    startDynalite(),
    startCosmosDbServer(),
  ]);
  const dynamo = dynamoDbClientFor(dynalite.endpoint);
  const tableName = `items-${randomUUID()}`;
  await ensureDynamoDbTable(dynamo, tableName);
  stores.aws = new DynamoDbStore({ client: dynamo, tableName });
  stores.azure = new CosmosStore({
    container: await ensureCosmosContainer(
      cosmosClientFor(cosmos.endpoint),
      'sandbox',
      `items-${randomUUID()}`,
    ),
  });
  for (const [name, store] of Object.entries(stores)) {
    const api = createApi({
      items: new ItemService({
        store,
        clock: new HybridLogicalClock({ region: name }),
      }),
      whoami: { cloud: name, region: name, instance: 'test', version: '1' },
      health: [],
    });
    targets[name] = await listen(createServer(getRequestListener(api.fetch)));
  }
  const router = new WeightedRouter({
    regions: { aws: () => targets.aws, azure: () => targets.azure },
    weights: { aws: 50, azure: 50 },
  });
  const service = { router } as unknown as ServiceSandbox;
  targets.router = await listen(
    createRouterServer(() => new Map([['orders', service]]), 'orders'),
  );
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  }
  await Promise.all([dynalite?.stop(), cosmos?.stop()]);
});

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function send(
  base: string,
  r: RawRequest,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${r.path}`,
      { method: r.method, headers: r.headers, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const put = (
  body: Buffer | string,
  headers: Record<string, string> = JSON_TYPE,
  id = 'malformed',
): RawRequest => ({
  method: 'PUT',
  path: `/items/${id}`,
  headers,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

const validBody = fc
  .dictionary(
    fc
      .string({ minLength: 1, maxLength: 6 })
      .filter(k => !/^(__proto__|constructor|prototype)$/.test(k)),
    fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean()),
    { maxKeys: 4 },
  )
  .map(o => JSON.stringify(o));

/** Content types other than application/json (with an optional charset=utf-8). */
const badMediaType = fc.oneof(
  fc.constantFrom(
    'application/jsonfoo',
    'application/json+x',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; boundary=x',
    'application/json;charset=utf-8;x=y',
    'text/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/javascript',
    '*/*',
    'json',
    '',
  ),
  fc
    .string({ minLength: 1, maxLength: 20 })
    .filter(
      s =>
        !/^\s*application\/json\s*$/i.test(s) &&
        /^[\x20-\x7e]*$/.test(s) &&
        s.trim() === s,
    ),
);

/** Bodies whose bytes are not strict UTF-8 JSON text: invalid sequences, a BOM, UTF-16. */
const badBytes = fc.oneof(
  fc
    .tuple(
      validBody,
      fc.constantFrom(
        [0xff],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
        [0xe2, 0x82],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0x80],
      ),
    )
    .map(([body, bytes]) =>
      Buffer.concat([
        Buffer.from(`${body.slice(0, -1)}${body.length > 2 ? ',' : ''}"s":"`),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ]),
    ),
  validBody.map(body =>
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
  ),
  validBody.map(body => Buffer.from(`\ufeff${body}`, 'utf16le')),
);

/** Text that is not a JSON object: truncated, broken, other JSON values, other languages. */
const badJson = fc.oneof(
  fc
    .tuple(validBody, fc.nat())
    .filter(([b]) => b.length > 2)
    .map(([b, n]) => b.slice(0, 1 + (n % (b.length - 1)))),
  fc.constantFrom(
    '',
    ' ',
    '[]',
    '[{"a":1}]',
    '"text"',
    '42',
    'null',
    'true',
    "{'a':1}",
    '{"a":1,}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":undefined}',
    '{a:1}',
    '{"a":1}{"b":2}',
    '{"a":01}',
    '{"a":.5}',
    '{"a":"\\x41"}',
    '<a/>',
    'a=1&b=2',
  ),
  fc.string({ maxLength: 30 }).filter(s => {
    try {
      const v = JSON.parse(s);
      return typeof v !== 'object' || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
);

/** Valid JSON objects that break a rule of the payload contract. */
const breaksContract = fc.oneof(
  fc
    .integer({ min: 33, max: 3000 })
    .map(n => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc
    .constantFrom('__proto__', 'constructor', 'prototype')
    .map(k => `{"x":{"${k}":{"polluted":true}}}`),
  fc
    .constantFrom(
      '1e17',
      '-1e17',
      '1e-200',
      '1e999',
      '9007199254740992',
      '0.12345678901234567890',
      '5e-324',
    )
    .map(n => `{"n":[${n}]}`),
  fc
    .integer({ min: 0xd800, max: 0xdfff })
    .map(c => `{"s":"\\u${c.toString(16)}"}`),
  fc.constantFrom(
    '{"":1}',
    '{"a":1,"a":2}',
    '{"s":"\\uffff"}',
    '{"s":"\\ufffe"}',
  ),
);

const oversized = fc
  .integer({ min: 1, max: 64 * 1024 })
  .map(extra => JSON.stringify({ s: 'x'.repeat(MAX_DATA_JSON_BYTES + extra) }));

const badId = fc.oneof(
  fc.constantFrom(
    '-x',
    '.x',
    '_x',
    'a b',
    'a%2Fb',
    '%00',
    'a'.repeat(129),
    '%E0%A4%A',
    '%ff',
    'é',
    'a*b',
    'a:b',
    'a@b',
  ),
  fc
    .string({ minLength: 1, maxLength: 10 })
    .filter(s => !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(s))
    // "." and ".." are dot segments, not keys: the client resolves `/items/.` to `/items/` (the
    // list, a 200) before it sends, as URL parsing does (RFC 3986, 5.2.4). Sent as written, the
    // router refuses them with a 400 (routerServer.test.ts).
    .filter(s => s !== '.' && s !== '..')
    .map(encodeURIComponent),
);

const badQuery = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }))
    .map(([a, b]) => `limit=${a}&limit=${b}`),
  fc
    .string({ maxLength: 12 })
    // A string that happens to be a well-formed cursor (base64url of an item id, as `MA` is of
    // `0`) is a valid request: the page after that key.
    .filter(c => {
      const key = Buffer.from(c, 'base64url').toString('utf8');
      return !(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(key) &&
        Buffer.from(key, 'utf8').toString('base64url') === c
      );
    })
    .map(c => `cursor=${encodeURIComponent(c)}`),
  fc.constantFrom(
    'cursor=',
    'cursor=a&cursor=b',
    'limit=0',
    'limit=1001',
    'limit=-1',
    'limit=1.5',
    'limit=0x10',
    'limit=1e2',
    'limit=',
    'limit=%201',
    'limit=abc',
    'page=2',
    'offset=10',
    'LIMIT=5',
    'cursor=bm90IGFuIGlk',
  ),
);

const malformed: fc.Arbitrary<RawRequest> = fc.oneof(
  fc
    .tuple(badMediaType, validBody)
    .map(([type, body]) =>
      put(
        body,
        type === '' ? { 'content-type': '' } : { 'content-type': type },
      ),
    ),
  validBody.map(body => put(body, {})),
  badBytes.map(body => put(body)),
  badJson.map(body => put(body)),
  breaksContract.map(body => put(body)),
  oversized.map(body => put(body)),
  // Large bodies answered on something else than their size: the body is still read first.
  oversized.map(body => put(body, { 'content-type': 'text/plain' })),
  oversized.map(body => put(body, JSON_TYPE, '-bad-id')),
  oversized.map(body =>
    put(body, { ...JSON_TYPE, 'transfer-encoding': 'chunked' }),
  ),
  fc
    .tuple(badId, fc.constantFrom('GET', 'PUT', 'DELETE'))
    .map(([id, method]) =>
      method === 'PUT'
        ? put('{}', JSON_TYPE, id)
        : { method, path: `/items/${id}`, headers: {} },
    ),
  badQuery.map(q => ({ method: 'GET', path: `/items?${q}`, headers: {} })),
  fc.constantFrom<RawRequest>(
    {
      method: 'POST',
      path: '/items',
      headers: JSON_TYPE,
      body: Buffer.from('{}'),
    },
    {
      method: 'PATCH',
      path: '/items/x',
      headers: JSON_TYPE,
      body: Buffer.from('{}'),
    },
    {
      method: 'PUT',
      path: '/items',
      headers: JSON_TYPE,
      body: Buffer.from('{}'),
    },
    { method: 'DELETE', path: '/items', headers: {} },
    { method: 'GET', path: '/items/a/b', headers: {} },
    { method: 'GET', path: '//', headers: {} },
    { method: 'GET', path: '//[', headers: {} },
    { method: 'GET', path: '/%zz', headers: {} },
    {
      method: 'PUT',
      path: '/items/expect',
      headers: { ...JSON_TYPE, expect: '100-continue' },
      body: Buffer.from('{"a":'),
    },
    {
      method: 'PUT',
      path: '/items/te',
      headers: { ...JSON_TYPE, te: 'trailers', upgrade: 'websocket' },
      body: Buffer.from('{"a":'),
    },
    {
      method: 'PUT',
      path: '/items/latin1',
      headers: { 'content-type': 'application/json; charset=\u00e9' },
      body: Buffer.from('{}'),
    },
  ),
);

function describeRequest(r: RawRequest): string {
  const body = r.body
    ? ` ${JSON.stringify(r.body.subarray(0, 60).toString('latin1'))} (${
        r.body.length
      } bytes)`
    : '';
  return `${r.method} ${r.path.slice(0, 60)} ${JSON.stringify(
    r.headers,
  )}${body}`;
}

async function snapshot(store: Store) {
  const page = await store.list({ limit: 1000, includeDeleted: true });
  expect(page.cursor).toBeUndefined();
  return page.items;
}

describe('malformed requests', () => {
  it(`get a 4xx with a message from both sides and the router, and change nothing (${NUM_REQUESTS} requests)`, async () => {
    for (const name of ['aws', 'azure']) {
      const seeded = await send(
        targets[name],
        put('{"total":1}', JSON_TYPE, `seed-${name}`),
      );
      expect(seeded.status).toBe(200);
    }
    const before = {
      aws: await snapshot(stores.aws),
      azure: await snapshot(stores.azure),
    };
    const statuses = new Map<number, number>();
    let sent = 0;

    await fc.assert(
      fc.asyncProperty(
        malformed.map(r =>
          Object.assign(r, { [fc.toStringMethod]: () => describeRequest(r) }),
        ),
        async r => {
          const answers = await Promise.all(
            ['aws', 'azure', 'router'].map(t => send(targets[t], r)),
          );
          sent += 1;
          answers.forEach((answer, i) => {
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            const label = `${['aws', 'azure', 'router'][i]}: ${describeRequest(
              r,
            )}`;
            let message: unknown;
            try {
              message = JSON.parse(answer.text).error.message;
            } catch {
              message = answer.text.slice(0, 200);
            }
            expect({ label, status: answer.status, message }).toEqual({
              label,
              status:
                answer.status >= 400 && answer.status < 500
                  ? answer.status
                  : '4xx',
              message: expect.stringMatching(/\w{3}/),
            });
          });
        },
      ),
      { numRuns: NUM_REQUESTS },
    );

    expect(await snapshot(stores.aws)).toEqual(before.aws);
    expect(await snapshot(stores.azure)).toEqual(before.azure);
    process.stdout.write(
      `malformed requests: ${sent} requests to each of aws, azure and the router; statuses ${JSON.stringify(
        Object.fromEntries(statuses),
      )}\n`,
    );
    expect(sent).toBe(NUM_REQUESTS);
  }, 120_000);
});
