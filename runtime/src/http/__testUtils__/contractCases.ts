/**
 * The API's contract as cases: each is a request and what must come back. The same list runs
 * against every entry point (the plain handler, API Gateway v2 events, Azure Functions requests).
 */
export interface ContractRequest {
  method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ContractCase {
  name: string;
  /** Requests run first, in order, to set up state. */
  given?: ContractRequest[];
  request: ContractRequest;
  status: number;
  /** Checks on the JSON body (undefined when the body is empty). */
  body: (json: any) => void;
  /** The OpenAPI path template the request belongs to. */
  route: string;
  /** A request run afterwards and the status it must get: for refusals, that nothing was written. */
  then?: { request: ContractRequest; status: number };
}

const json = { 'content-type': 'application/json' };

export const contractCases: ContractCase[] = [
  {
    name: 'health reports each part',
    request: { method: 'GET', path: '/health' },
    status: 200,
    route: '/health',
    body: b =>
      expect(b).toMatchObject({
        status: 'ok',
        checks: { store: { ok: true } },
      }),
  },
  {
    name: 'whoami names the cloud and region',
    request: { method: 'GET', path: '/whoami' },
    status: 200,
    route: '/whoami',
    body: b =>
      expect(b).toEqual({
        cloud: expect.any(String),
        region: expect.any(String),
        instance: expect.any(String),
        version: expect.any(String),
      }),
  },
  {
    name: 'put then get returns the item with its version',
    given: [
      {
        method: 'PUT',
        path: '/items/order-1',
        headers: json,
        body: '{"total":42}',
      },
    ],
    request: { method: 'GET', path: '/items/order-1' },
    status: 200,
    route: '/items/{id}',
    body: b =>
      expect(b).toMatchObject({
        id: 'order-1',
        data: { total: 42 },
        version: expect.stringMatching(/^\d{15}\.\d{6}\./),
      }),
  },
  {
    name: 'put answers with the stored item',
    request: {
      method: 'PUT',
      path: '/items/order-2',
      headers: json,
      body: '{"total":7,"lines":[{"sku":"a"}]}',
    },
    status: 200,
    route: '/items/{id}',
    body: b =>
      expect(b).toMatchObject({
        id: 'order-2',
        data: { total: 7, lines: [{ sku: 'a' }] },
      }),
  },
  {
    name: 'list pages through items',
    given: [
      { method: 'PUT', path: '/items/l-1', headers: json, body: '{}' },
      { method: 'PUT', path: '/items/l-2', headers: json, body: '{}' },
    ],
    request: { method: 'GET', path: '/items?limit=1' },
    status: 200,
    route: '/items',
    body: b => {
      expect(b.items).toHaveLength(1);
      expect(typeof b.cursor).toBe('string');
    },
  },
  {
    name: 'delete removes the item',
    given: [
      { method: 'PUT', path: '/items/gone', headers: json, body: '{}' },
      { method: 'DELETE', path: '/items/gone' },
    ],
    request: { method: 'GET', path: '/items/gone' },
    status: 404,
    route: '/items/{id}',
    body: b => expect(b.error.message).toMatch(/not found/),
  },
  {
    name: 'delete answers 204 with no body',
    given: [
      { method: 'PUT', path: '/items/to-delete', headers: json, body: '{}' },
    ],
    request: { method: 'DELETE', path: '/items/to-delete' },
    status: 204,
    route: '/items/{id}',
    body: b => expect(b).toBeUndefined(),
  },
  {
    name: 'deleting a missing item is 404',
    request: { method: 'DELETE', path: '/items/never-was' },
    status: 404,
    route: '/items/{id}',
    body: b => expect(b.error.message).toMatch(/not found/),
  },
  {
    name: 'malformed JSON is refused and nothing is written',
    request: {
      method: 'PUT',
      path: '/items/bad-json',
      headers: json,
      body: '{"total":',
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/bad-json' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/not valid JSON/),
  },
  {
    name: 'a body that is not an object is refused',
    request: {
      method: 'PUT',
      path: '/items/bad-type',
      headers: json,
      body: '[1,2]',
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/bad-type' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/JSON object/),
  },
  {
    name: 'an oversized body is refused',
    request: {
      method: 'PUT',
      path: '/items/big',
      headers: json,
      body: JSON.stringify({ blob: 'x'.repeat(300 * 1024) }),
    },
    status: 413,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/big' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/larger than/),
  },
  {
    name: 'a body that is not JSON by its content type is refused',
    request: {
      method: 'PUT',
      path: '/items/text',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    },
    status: 415,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/text' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/application\/json/),
  },
  {
    name: 'a bad id is refused',
    request: {
      method: 'PUT',
      path: '/items/-bad%20id',
      headers: json,
      body: '{}',
    },
    status: 400,
    route: '/items/{id}',
    body: b => expect(b.error.message).toMatch(/item id/),
  },
  {
    name: 'a JSON media type with charset=utf-8 is accepted, in any case',
    request: {
      method: 'PUT',
      path: '/items/charset',
      headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' },
      body: '{"total":1}',
    },
    status: 200,
    route: '/items/{id}',
    body: b => expect(b.data).toEqual({ total: 1 }),
  },
  {
    name: 'a media type that only starts like JSON is refused',
    request: {
      method: 'PUT',
      path: '/items/jsonfoo',
      headers: { 'content-type': 'application/jsonfoo' },
      body: '{}',
    },
    status: 415,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/jsonfoo' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/application\/json/),
  },
  {
    name: 'a body with a byte-order mark is refused',
    request: {
      method: 'PUT',
      path: '/items/bom',
      headers: json,
      body: '\uFEFF{"total":1}',
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/bom' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/byte-order mark/),
  },
  {
    name: 'data nested deeper than DynamoDB keeps is refused',
    request: {
      method: 'PUT',
      path: '/items/deep',
      headers: json,
      body: `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`,
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/deep' }, status: 404 },
    body: b => expect(b.error).toMatchObject({ rule: 'nesting' }),
  },
  {
    name: 'a __proto__ key is refused',
    request: {
      method: 'PUT',
      path: '/items/proto',
      headers: json,
      body: '{"__proto__":{"admin":true}}',
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/proto' }, status: 404 },
    body: b => expect(b.error.message).toMatch(/__proto__/),
  },
  {
    name: 'a number that overflows a double is refused, not stored as null',
    request: {
      method: 'PUT',
      path: '/items/infinite',
      headers: json,
      body: '{"n":1e999}',
    },
    status: 400,
    route: '/items/{id}',
    then: { request: { method: 'GET', path: '/items/infinite' }, status: 404 },
    body: b => expect(b.error).toMatchObject({ rule: 'number' }),
  },
  {
    name: 'a query parameter given twice is refused',
    request: { method: 'GET', path: '/items?limit=1&limit=2000' },
    status: 400,
    route: '/items',
    body: b => expect(b.error.message).toMatch(/limit.*more than once/),
  },
  {
    name: 'a cursor no page returned is refused, not read as the first page',
    request: { method: 'GET', path: '/items?cursor=not-a-cursor!' },
    status: 400,
    route: '/items',
    body: b => expect(b.error.message).toMatch(/cursor/),
  },
  {
    name: 'the cursor of a page leads to the next page',
    given: [
      { method: 'PUT', path: '/items/c-1', headers: json, body: '{}' },
      { method: 'PUT', path: '/items/c-2', headers: json, body: '{}' },
    ],
    request: {
      method: 'GET',
      path: `/items?limit=1&cursor=${Buffer.from('c-1').toString('base64url')}`,
    },
    status: 200,
    route: '/items',
    body: b =>
      expect(b.items.map((i: { id: string }) => i.id)).toEqual(['c-2']),
  },
  {
    name: 'a limit written other than as a plain integer is refused',
    request: { method: 'GET', path: '/items?limit=0x10' },
    status: 400,
    route: '/items',
    body: b => expect(b.error.message).toMatch(/limit/),
  },
  {
    name: 'a bad limit is refused',
    request: { method: 'GET', path: '/items?limit=0' },
    status: 400,
    route: '/items',
    body: b => expect(b.error.message).toMatch(/limit/),
  },
];
