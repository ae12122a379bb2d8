/**
 * Contract tests of orders's HTTP API through both clouds' entry points, run locally
 * with an in-memory store: the Lambda handler (API Gateway HTTP API events) and the Azure
 * Functions handler answer the same requests the same way, as openapi.yaml describes.
 */
import { HttpRequest } from '@azure/functions';
import {
  createApi,
  HybridLogicalClock,
  ItemService,
  MemoryStore,
  toAzureHttpHandler,
  toLambdaHttpHandler,
} from '@multicloud/runtime';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

interface Answer {
  status: number;
  body: any;
}
type Send = (method: string, path: string, body?: unknown) => Promise<Answer>;

function newApi(cloud: 'aws' | 'azure') {
  const store = new MemoryStore();
  return createApi({
    items: new ItemService({ store, clock: new HybridLogicalClock({ region: cloud }) }),
    whoami: { cloud, region: 'local', instance: 'test', version: '0.1.0' },
    health: [{ name: 'store', check: () => store.ping() }],
  });
}

const entryPoints: Record<string, () => Send> = {
  'AWS Lambda': () => {
    const handler = toLambdaHttpHandler(newApi('aws'));
    return async (method, path, body) => {
      const result = (await handler(
        {
          version: '2.0',
          routeKey: '$default',
          rawPath: path,
          rawQueryString: '',
          headers: { host: 'local', 'content-type': 'application/json' },
          requestContext: { http: { method, path, sourceIp: '127.0.0.1' } },
          body: body === undefined ? undefined : JSON.stringify(body),
          isBase64Encoded: false,
        } as any,
        {} as any,
      )) as { statusCode: number; body?: string; isBase64Encoded?: boolean };
      const text = result.isBase64Encoded
        ? Buffer.from(result.body ?? '', 'base64').toString()
        : result.body ?? '';
      return { status: result.statusCode, body: text ? JSON.parse(text) : undefined };
    };
  },
  'Azure Functions': () => {
    const handler = toAzureHttpHandler(newApi('azure'));
    return async (method, path, body) => {
      const response = await handler(
        new HttpRequest({
          method,
          // host.json's routePrefix "": the Function App serves the same paths as API Gateway.
          url: `https://func.azurewebsites.net${path}`,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : { string: JSON.stringify(body) },
        }),
      );
      const bytes = response.body as Uint8Array | undefined;
      const text = bytes ? Buffer.from(bytes).toString() : '';
      return { status: response.status ?? 200, body: text ? JSON.parse(text) : undefined };
    };
  },
};

for (const [name, entryPoint] of Object.entries(entryPoints)) {
  describe(`${name} entry point`, () => {
    it('answers /health', async () => {
      const send = entryPoint();
      assert.equal((await send('GET', '/health')).status, 200);
    });

    it('serves the API at the root, with no /api prefix', async () => {
      const send = entryPoint();
      assert.equal((await send('GET', '/api/health')).status, 404);
    });

    it('writes, reads, lists and deletes an item', async () => {
      const send = entryPoint();
      const put = await send('PUT', '/items/order-1', { total: 42 });
      assert.equal(put.status, 200);
      assert.match(put.body.version, /\.(aws|azure)$/);
      const get = await send('GET', '/items/order-1');
      assert.equal(get.status, 200);
      assert.deepEqual(get.body.data, { total: 42 });
      const list = await send('GET', '/items');
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      assert.ok((await send('DELETE', '/items/order-1')).status < 300);
      assert.equal((await send('GET', '/items/order-1')).status, 404);
    });

    it('refuses a body that is not a JSON object with 400', async () => {
      const send = entryPoint();
      assert.equal((await send('PUT', '/items/order-2', [1, 2])).status, 400);
    });
  });
}
