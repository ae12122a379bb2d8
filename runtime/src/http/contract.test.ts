import { HttpRequest } from '@azure/functions';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import SwaggerParser from '@apidevtools/swagger-parser';
import { resolve } from 'node:path';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { ItemService } from '../items/ItemService';
import { MemoryStore } from '../stores/MemoryStore';
import { toAzureHttpHandler } from '../entry/azureHttp';
import { toLambdaHttpHandler } from '../entry/lambdaHttp';
import { createApi } from './createApi';
import { ContractRequest, contractCases } from './__testUtils__/contractCases';

interface Answer {
  status: number;
  text: string;
}
type Send = (request: ContractRequest) => Promise<Answer>;

function newApi() {
  const store = new MemoryStore();
  return createApi({
    items: new ItemService({
      store,
      clock: new HybridLogicalClock({ region: 'aws' }),
    }),
    whoami: {
      cloud: 'aws',
      region: 'eu-west-1',
      instance: 'test',
      version: '1.0.0',
    },
    health: [{ name: 'store', check: () => store.ping() }],
  });
}

const entryPoints: Record<string, () => Send> = {
  'plain handler': () => {
    const app = newApi();
    return async r => {
      const res = await app.fetch(
        new Request(`http://service${r.path}`, {
          method: r.method,
          headers: r.headers,
          body: r.body,
        }),
      );
      return { status: res.status, text: await res.text() };
    };
  },
  'Lambda (API Gateway v2 event)': () => {
    const handler = toLambdaHttpHandler(newApi());
    return async r => {
      const [rawPath, rawQueryString = ''] = r.path.split('?');
      const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath,
        rawQueryString,
        headers: {
          host: 'abc.execute-api.eu-west-1.amazonaws.com',
          ...r.headers,
        },
        requestContext: {
          accountId: '123456789012',
          apiId: 'abc',
          domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
          domainPrefix: 'abc',
          http: {
            method: r.method,
            path: rawPath,
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 'test',
          },
          requestId: 'id',
          routeKey: '$default',
          stage: '$default',
          time: '',
          timeEpoch: 0,
        },
        body: r.body ?? null,
        isBase64Encoded: false,
      } as unknown as Parameters<typeof handler>[0];
      const result = (await handler(event, {} as Context)) as Exclude<
        APIGatewayProxyResultV2,
        string
      >;
      const text = result.isBase64Encoded
        ? Buffer.from(result.body ?? '', 'base64').toString()
        : result.body ?? '';
      return { status: result.statusCode ?? 200, text };
    };
  },
  'Azure Functions v4 (HttpRequest)': () => {
    const handler = toAzureHttpHandler(newApi());
    return async r => {
      const request = new HttpRequest({
        method: r.method,
        url: `https://func.azurewebsites.net${r.path}`,
        headers: r.headers,
        body: r.body === undefined ? undefined : { string: r.body },
      });
      const response = await handler(request);
      const body = response.body as Uint8Array | undefined;
      return {
        status: response.status ?? 200,
        text: body ? Buffer.from(body).toString() : '',
      };
    };
  },
};

describe.each(Object.entries(entryPoints))(
  'the API contract through the %s',
  (_name, makeSend) => {
    it.each(contractCases.map(c => [c.name, c] as const))(
      '%s',
      async (_caseName, c) => {
        const send = makeSend();
        for (const setup of c.given ?? []) {
          const answer = await send(setup);
          expect(answer.status).toBeLessThan(300);
        }
        const answer = await send(c.request);
        expect(answer.status).toBe(c.status);
        c.body(answer.text ? JSON.parse(answer.text) : undefined);
        const thenStatus = c.then
          ? (await send(c.then.request)).status
          : undefined;
        expect(thenStatus).toBe(c.then?.status);
      },
    );
  },
);

describe('openapi.yaml', () => {
  it('is valid OpenAPI 3 and declares every route and status the contract cases use', async () => {
    const api: any = await SwaggerParser.validate(
      resolve(__dirname, '../../openapi.yaml'),
    );
    expect(api.openapi).toMatch(/^3\./);
    for (const c of contractCases) {
      const operation = api.paths[c.route]?.[c.request.method.toLowerCase()];
      expect({
        case: c.name,
        declared: Boolean(operation?.responses?.[String(c.status)]),
      }).toEqual({
        case: c.name,
        declared: true,
      });
    }
  });
});
