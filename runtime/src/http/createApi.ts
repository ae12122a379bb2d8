// The `hono/tiny` preset: the same Hono class with the PatternRouter alone, instead of the
// default SmartRouter over RegExpRouter and TrieRouter ("Presets", https://hono.dev/api/presets).
// For the API's handful of routes matching speed is alike, and the API's bundle is 6 KB smaller
// (hono 25.4 -> 19.4 KB minified), which every cold start loads.
import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import { ITEM_ID_PATTERN } from '../domain/itemId';
import {
  decodeJsonText,
  MAX_DATA_JSON_BYTES,
  parseItemData,
  PayloadContractError,
} from '../domain/payloadContract';
import { NotPrimaryError } from '../items/WriteGate';
import type { ItemService } from '../items/ItemService';
import { InvalidCursorError, type StoredItem } from '../ports/Store';

export interface WhoAmI {
  cloud: 'aws' | 'azure' | string;
  region: string;
  instance: string;
  version: string;
}

/** A named reachability check for `/health` (the store, the inbound queue...). */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface ApiOptions {
  items: ItemService;
  whoami: WhoAmI;
  health: HealthCheck[];
  /** Mode B: send writes a secondary refuses to the primary instead of refusing them. */
  forwardWritesToPrimary?: boolean;
  fetch?: typeof fetch;
}

/**
 * The body's byte limit: the data's limit as compact JSON, checked before the body is decoded or
 * parsed. (Whitespace counts; the data is measured again once parsed.)
 */
const MAX_BODY_BYTES = MAX_DATA_JSON_BYTES;

/**
 * `application/json`, optionally with `charset=utf-8` (media types and parameter names and the
 * charset value are case-insensitive, the value may be quoted, and optional whitespace may
 * surround the `;`: RFC 9110 sections 8.3.1 and 5.6.6). Nothing else: `application/jsonfoo`,
 * other parameters and other charsets are refused.
 */
const JSON_MEDIA_TYPE =
  /^application\/json(?:[ \t]*;[ \t]*charset=(?:utf-8|"utf-8"))?[ \t]*$/i;

/** What `/items` takes; `limit` is a plain decimal integer from 1 to 1000. */
const LIST_PARAMETERS = new Set(['limit', 'cursor']);
const LIMIT_PATTERN = /^[1-9][0-9]{0,3}$/;

/** The API item: what clients see of a stored item. */
export function toApiItem(item: StoredItem) {
  return {
    id: item.key,
    data: item.payload && withSortedKeys(item.payload),
    version: item.version,
    region: item.source_region,
    updated_at: new Date(item.timestamp).toISOString(),
  };
}

/**
 * The data with every object's keys in one order, so both clouds answer the same bytes: "A map
 * type attribute can store an unordered collection of name-value pairs" (Supported data types
 * and naming rules in Amazon DynamoDB), so DynamoDB need not give keys back in the order sent.
 */
function withSortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withSortedKeys) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map(k => [k, withSortedKeys((value as Record<string, unknown>)[k])]),
  ) as T;
}

function problem(
  c: Context,
  status: 400 | 404 | 409 | 413 | 415 | 503,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return c.json({ error: { message, ...extra } }, status);
}

/**
 * The service's HTTP API (runtime/openapi.yaml is its contract) on Web-standard Request and
 * Response, so the Lambda and Azure Functions entry points and the sandbox run the same code.
 */
export function createApi(options: ApiOptions): Hono {
  const app = new Hono();
  const { items } = options;

  app.onError((error, c) => {
    if (error instanceof InvalidCursorError) {
      return problem(
        c,
        400,
        'cursor must be the cursor a previous page returned, unchanged',
      );
    }
    if (error instanceof NotPrimaryError) {
      return problem(c, 409, error.message, {
        primary_region: error.primaryRegion,
        primary_url: error.primaryUrl ?? null,
      });
    }
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'request failed',
        error: String(error),
      }),
    );
    return problem(
      c,
      503,
      `the service could not complete the request: ${(error as Error).message}`,
    );
  });
  app.notFound(c =>
    problem(
      c,
      404,
      `no route for ${c.req.method} ${new URL(c.req.url).pathname}`,
    ),
  );

  // Answer only once the request's body is read: Node's server (the sandbox) closes a connection
  // it answered before the body was read, and a client or proxy then sees a reset instead of
  // the answer, or a later request fails on the dead keep-alive connection.
  app.use(async (c, next) => {
    await next();
    const body = c.req.raw.body;
    if (body && !c.req.raw.bodyUsed) await body.pipeTo(new WritableStream());
  });

  app.use(async (c, next) => {
    const repeated = [...new Set(repeatedParameters(c.req.url))];
    if (repeated.length) {
      return problem(
        c,
        400,
        `the query parameter ${repeated.join(', ')} is given more than once`,
      );
    }
    return next();
  });

  app.get('/health', async c => {
    const results = await Promise.all(
      options.health.map(async h => {
        try {
          await h.check();
          return [h.name, { ok: true }] as const;
        } catch (error) {
          return [
            h.name,
            { ok: false, message: (error as Error).message },
          ] as const;
        }
      }),
    );
    const ok = results.every(([, r]) => r.ok);
    return c.json(
      {
        status: ok ? 'ok' : 'unhealthy',
        region: options.whoami.region,
        checks: Object.fromEntries(results),
      },
      ok ? 200 : 503,
    );
  });

  app.get('/whoami', c => c.json(options.whoami));

  app.get('/items', async c => {
    const unknown = Object.keys(c.req.query()).filter(
      p => !LIST_PARAMETERS.has(p),
    );
    if (unknown.length) {
      return problem(
        c,
        400,
        `unknown query parameter ${unknown.join(
          ', ',
        )}: /items takes limit and cursor`,
      );
    }
    const limitText = c.req.query('limit');
    if (
      limitText !== undefined &&
      !(LIMIT_PATTERN.test(limitText) && Number(limitText) <= 1000)
    ) {
      return problem(c, 400, 'limit must be an integer from 1 to 1000');
    }
    const page = await items.list({
      limit: limitText === undefined ? 100 : Number(limitText),
      cursor: c.req.query('cursor'),
    });
    return c.json({
      items: page.items.map(toApiItem),
      cursor: page.cursor ?? null,
    });
  });

  app.use('/items/:id', async (c, next) => {
    if (!ITEM_ID_PATTERN.test(c.req.param('id'))) {
      return problem(
        c,
        400,
        'item id must be 1 to 128 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      );
    }
    return next();
  });

  app.get('/items/:id', async c => {
    const item = await items.get(c.req.param('id'));
    return item
      ? c.json(toApiItem(item))
      : problem(c, 404, `item ${c.req.param('id')} not found`);
  });

  app.put(
    '/items/:id',
    async (c, next) => {
      const type = c.req.header('content-type');
      if (type === undefined || !JSON_MEDIA_TYPE.test(type)) {
        return problem(
          c,
          415,
          `send the item as application/json (optionally with charset=utf-8); ${
            type === undefined
              ? 'the request has no content type'
              : `the request's content type is ${JSON.stringify(type)}`
          }`,
        );
      }
      return next();
    },
    async c => {
      const bytes = await readBodyWithin(c.req.raw, MAX_BODY_BYTES);
      if (!bytes) {
        return problem(
          c,
          413,
          `the body is larger than ${MAX_BODY_BYTES} bytes`,
          { rule: 'size' },
        );
      }
      let text: string;
      let data: Record<string, unknown>;
      try {
        text = decodeJsonText(bytes);
        data = parseItemData(text);
      } catch (error) {
        if (!(error instanceof PayloadContractError)) throw error;
        return problem(c, error.rule === 'size' ? 413 : 400, error.message, {
          rule: error.rule,
        });
      }
      return withForwarding(
        c,
        options,
        async () =>
          c.json(toApiItem(await items.put(c.req.param('id'), data)), 200),
        text,
      );
    },
  );

  app.delete('/items/:id', async c =>
    withForwarding(c, options, async () => {
      const tombstone = await items.delete(c.req.param('id'));
      return tombstone
        ? c.body(null, 204)
        : problem(c, 404, `item ${c.req.param('id')} not found`);
    }),
  );

  return app;
}

/**
 * The body, or undefined when it is larger than `max` bytes. Keeps at most `max` bytes in
 * memory, but reads a larger body to its end, so the 413 is sent once the body is read.
 */
async function readBodyWithin(
  request: Request,
  max: number,
): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? undefined : Buffer.concat(chunks);
}

/** Names of query parameters given more than once. */
function repeatedParameters(url: string): string[] {
  const names = [...new URL(url).searchParams.keys()];
  return names.filter((name, i) => names.indexOf(name) !== i);
}

async function withForwarding(
  c: Context,
  options: ApiOptions,
  write: () => Promise<Response>,
  body?: string,
): Promise<Response> {
  try {
    return await write();
  } catch (error) {
    if (
      !(error instanceof NotPrimaryError) ||
      !options.forwardWritesToPrimary ||
      !error.primaryUrl
    )
      throw error;
    const url = new URL(new URL(c.req.url).pathname, error.primaryUrl);
    const init: RequestInit = {
      method: c.req.method,
      headers: c.req.raw.headers,
      body,
    };
    const forwarded = await (options.fetch ?? fetch)(url, init);
    return new Response(forwarded.body, {
      status: forwarded.status,
      headers: forwarded.headers,
    });
  }
}
