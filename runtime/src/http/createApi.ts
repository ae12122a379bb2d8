import { Hono } from 'hono';
import type { Context } from 'hono';
import { ITEM_ID_PATTERN, MAX_PAYLOAD_BYTES } from '../domain/event';
import { NotPrimaryError } from '../items/WriteGate';
import type { ItemService } from '../items/ItemService';
import type { StoredItem } from '../ports/Store';

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

const MAX_BODY_BYTES = MAX_PAYLOAD_BYTES;

/** The API item: what clients see of a stored item. */
export function toApiItem(item: StoredItem) {
  return {
    id: item.key,
    data: item.payload,
    version: item.version,
    region: item.source_region,
    updated_at: new Date(item.timestamp).toISOString(),
  };
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
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return problem(c, 400, 'limit must be an integer from 1 to 1000');
    }
    const page = await items.list({
      limit,
      cursor: c.req.query('cursor') || undefined,
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

  app.put('/items/:id', async c => {
    if (
      !(c.req.header('content-type') ?? '')
        .toLowerCase()
        .startsWith('application/json')
    ) {
      return problem(c, 415, 'send the item as application/json');
    }
    const text = await c.req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
      return problem(c, 413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return problem(c, 400, 'the body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return problem(
        c,
        400,
        'the body must be a JSON object of the item’s attributes',
      );
    }
    return withForwarding(
      c,
      options,
      async () =>
        c.json(
          toApiItem(
            await items.put(c.req.param('id'), body as Record<string, unknown>),
          ),
          200,
        ),
      text,
    );
  });

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
