import { deadLetterReason } from '@multicloud/runtime';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CHAOS_MODES } from '../region/chaos';
import type { RegionName, SandboxRegion } from '../region/SandboxRegion';
import { RANGES, STEP_MS, type RangeName } from '../stats/RegionStats';
import type { ServiceSandbox } from '../ServiceSandbox';
import { ServiceLimitReachedError } from '../HostedServices';

export interface ControlApiOptions {
  services: () => Map<string, ServiceSandbox>;
  /** Hosts a service; throws ServiceLimitReachedError when the sandbox may host no more. */
  addService: (id: string) => Promise<{ created: boolean }>;
  routerUrl: () => string;
}

const SERVICE_ID = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const weightsSchema = z
  .object({
    aws: z.number().int().min(0).max(100),
    azure: z.number().int().min(0).max(100),
  })
  .strict()
  .refine(
    w => w.aws + w.azure === 100 || (w.aws === 0 && w.azure === 0),
    'weights must add up to 100 (or both be 0)',
  );
const chaosSchema = z.object({ mode: z.enum(CHAOS_MODES) }).strict();

/** `application/json`, optionally with `charset=utf-8` (RFC 9110 sections 8.3.1 and 5.6.6). */
const JSON_MEDIA_TYPE =
  /^application\/json(?:[ \t]*;[ \t]*charset=(?:utf-8|"utf-8"))?[ \t]*$/i;
/** The control API's bodies are a few dozen bytes; anything near this is not one of them. */
export const MAX_CONTROL_BODY_BYTES = 16 * 1024;

type JsonBody =
  | { json: unknown }
  | { status: 400 | 413 | 415; message: string };

/**
 * A control request's JSON body, or why it is refused: a body that is not `application/json`
 * (415), larger than MAX_CONTROL_BODY_BYTES (413; no more than that is kept in memory) or not
 * JSON text (400). Read before anything changes, so a refused request changes nothing.
 */
async function readJson(request: Request): Promise<JsonBody> {
  const type = request.headers.get('content-type');
  if (type === null || !JSON_MEDIA_TYPE.test(type))
    return {
      status: 415,
      message: `send the body as application/json; ${
        type === null
          ? 'the request has no content type'
          : `the request's content type is ${JSON.stringify(type)}`
      }`,
    };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body)
    for await (const chunk of request.body) {
      size += chunk.byteLength;
      if (size <= MAX_CONTROL_BODY_BYTES) chunks.push(chunk);
    }
  if (size > MAX_CONTROL_BODY_BYTES)
    return {
      status: 413,
      message: `the body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`,
    };
  try {
    return {
      json: JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)),
      ),
    };
  } catch (error) {
    return {
      status: 400,
      message: `the body is not JSON text: ${(error as Error).message}`,
    };
  }
}

/** The sandbox's control API (CONTROL-API.md, control-api.yaml): what the portal's sandbox provider calls. */
export function createControlApi(options: ControlApiOptions): Hono {
  const app = new Hono();
  const fail = (
    status: 400 | 404 | 409 | 413 | 415 | 503,
    message: string,
    headers: Record<string, string> = {},
  ) =>
    new Response(JSON.stringify({ error: { message } }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  app.onError((error, c) => c.json({ error: { message: error.message } }, 500));
  app.notFound(c =>
    c.json(
      {
        error: {
          message: `no route for ${c.req.method} ${
            new URL(c.req.url).pathname
          }`,
        },
      },
      404,
    ),
  );

  app.get('/api/services', c =>
    c.json({ services: [...options.services().keys()].map(id => ({ id })) }),
  );

  app.put('/api/services/:id', async c => {
    const id = c.req.param('id');
    if (!SERVICE_ID.test(id))
      return fail(
        400,
        'a service id is 2 to 32 lower-case letters, digits and dashes, starting with a letter',
      );
    try {
      const { created } = await options.addService(id);
      return c.json({ id }, created ? 201 : 200);
    } catch (error) {
      if (!(error instanceof ServiceLimitReachedError)) throw error;
      // 409, not 429: the refusal is about the sandbox's state (how many it hosts), not about
      // how fast the client asks (RFC 6585 section 4), so waiting and retrying cannot succeed;
      // RFC 9110 section 15.5.10's "conflict with the current state of the target resource".
      return fail(409, error.message);
    }
  });

  const service = (id: string) => options.services().get(id);
  const region = (s: ServiceSandbox, name: string) =>
    name === 'aws' || name === 'azure'
      ? s.regions[name as RegionName]
      : undefined;

  /** The region a `/regions/:region` route names, or the 404 that says which is missing. */
  const regionOf = (c: Context): SandboxRegion | Response => {
    const s = service(c.req.param('id') ?? '');
    const r = s && region(s, c.req.param('region') ?? '');
    return (
      r ??
      fail(
        404,
        `no region ${c.req.param('region')} of service ${c.req.param('id')}`,
      )
    );
  };

  app.get('/api/services/:id/status', c => {
    const s = service(c.req.param('id'));
    if (!s) return fail(404, `no service ${c.req.param('id')} in the sandbox`);
    const weights = s.router.getWeights();
    const share = s.router.trafficShare();
    const regionStatus = (name: RegionName) => {
      const r = s.regions[name];
      const h = s.router.health[name];
      const { requests, failed, windowSeconds, ...recent } = r.stats.recent();
      const failedAtRouter = s.router.failedAtRouter(name);
      const attempted = requests + failedAtRouter;
      const now = Date.now();
      return {
        region: name,
        url: r.url,
        health: h.healthy ? 'healthy' : 'unhealthy',
        healthSince: new Date(h.since).toISOString(),
        lastCheck: h.lastCheck,
        weight: weights[name],
        trafficShare: share[name],
        chaos: r.chaos,
        ...recent,
        // Requests that failed at the router count against the region they were meant for.
        errorRate: attempted ? (failed + failedAtRouter) / attempted : 0,
        failedAtRouterPerSecond: failedAtRouter / windowSeconds,
        // A region's request figures are its own: while its last health check fails it cannot
        // be read, so they are as old as the last check that passed.
        requestsAsOf: new Date(
          h.lastCheck?.ok ? now : h.lastOkAt ?? r.stats.startedAt,
        ).toISOString(),
        // The queues are read apart from the region (as SQS and Service Bus are): always now.
        replicationAsOf: new Date(now).toISOString(),
        queueDepth: lastValue(r.stats.queueDepth),
        deadLetterDepth: lastValue(r.stats.deadLetterDepth),
        // The redriver's and the reconciler's own figures (bridge/DeadLetterRedriver, Reconciler).
        deadLetters: (() => {
          const d = r.stats.redriveFigures();
          return {
            awaitingPerson: d.awaitingPerson,
            redrivenLastHour: d.redrivenLastHour,
            lastRunAt: isoOrNull(d.lastRunAt),
          };
        })(),
        antiEntropy: (() => {
          const round = r.stats.lastAntiEntropyRound(s.antiEntropyRoundGapMs);
          return round && { ...round, at: new Date(round.at).toISOString() };
        })(),
        lastError: r.stats.lastError,
      };
    };
    return c.json({
      service: s.id,
      regions: { aws: regionStatus('aws'), azure: regionStatus('azure') },
      router: { url: `${options.routerUrl()}/svc/${s.id}`, weights },
    });
  });

  app.get('/api/services/:id/weights', c => {
    const s = service(c.req.param('id'));
    return s
      ? c.json(s.router.getWeights())
      : fail(404, `no service ${c.req.param('id')} in the sandbox`);
  });

  app.put('/api/services/:id/weights', async c => {
    const s = service(c.req.param('id'));
    if (!s) return fail(404, `no service ${c.req.param('id')} in the sandbox`);
    const body = await readJson(c.req.raw);
    if (!('json' in body)) return fail(body.status, body.message);
    const parsed = weightsSchema.safeParse(body.json);
    if (!parsed.success)
      return fail(
        400,
        parsed.error.issues
          .map(i => `${i.path.join('.') || 'weights'}: ${i.message}`)
          .join('; '),
      );
    s.router.setWeights(parsed.data);
    return c.json(s.router.getWeights());
  });

  app.post('/api/services/:id/regions/:region/chaos', async c => {
    const r = regionOf(c);
    if (r instanceof Response) return r;
    const body = await readJson(c.req.raw);
    if (!('json' in body)) return fail(body.status, body.message);
    const parsed = chaosSchema.safeParse(body.json);
    if (!parsed.success)
      return fail(400, `mode must be one of ${CHAOS_MODES.join(', ')}`);
    r.chaos = parsed.data.mode;
    service(c.req.param('id') ?? '')?.events.chaos(r.name, r.chaos);
    return c.json({ region: r.name, chaos: r.chaos });
  });

  /**
   * A call to the region's queue (SQS or Service Bus, each in a process of its own that is
   * started again if it dies): while it cannot be reached the answer is a 503 that says so,
   * as the clouds' APIs answer when a dependency is unavailable, not a 500 of the sandbox.
   */
  const onQueue = async (
    r: SandboxRegion,
    call: () => Promise<Response>,
  ): Promise<Response> => {
    try {
      return await call();
    } catch (error) {
      return fail(
        503,
        `the ${r.name} queue could not be reached: ${(error as Error).message}`,
        { 'retry-after': '5' },
      );
    }
  };

  /** One poison event into the region's inbound queue (SandboxRegion.injectPoison). */
  app.post('/api/services/:id/regions/:region/poison', async c => {
    const r = regionOf(c);
    if (r instanceof Response) return r;
    return onQueue(r, async () =>
      c.json({ region: r.name, ...(await r.injectPoison()) }, 202),
    );
  });

  app.get('/api/services/:id/regions/:region/dlq', async c => {
    const r = regionOf(c);
    if (r instanceof Response) return r;
    return onQueue(r, async () => {
      const messages = await r.inbound.peekDeadLetters(50);
      return c.json({
        messages: messages.map(m => ({
          id: m.id,
          body: m.body,
          deliveryCount: m.deliveryCount,
          reason: deadLetterReason(m.attributes),
        })),
      });
    });
  });

  app.post('/api/services/:id/regions/:region/dlq/replay', async c => {
    const r = regionOf(c);
    if (r instanceof Response) return r;
    return onQueue(r, async () => {
      const replayed = await r.inbound.replayDeadLetters();
      const { deadLettered } = await r.inbound.depth();
      return c.json({ replayed, remaining: deadLettered });
    });
  });

  app.get('/api/services/:id/metrics', c => {
    const s = service(c.req.param('id'));
    if (!s) return fail(404, `no service ${c.req.param('id')} in the sandbox`);
    const range = (c.req.query('range') ?? '1h') as RangeName;
    // Own keys only: `constructor` or `toString` are in every object.
    if (!Object.hasOwn(RANGES, range))
      return fail(
        400,
        `range must be one of ${Object.keys(RANGES).join(', ')}`,
      );
    return c.json({
      range,
      stepSeconds: STEP_MS[range] / 1000,
      regions: {
        aws: { series: s.regions.aws.stats.series(range) },
        azure: { series: s.regions.azure.stats.series(range) },
      },
      events: s.events.since(RANGES[range]),
    });
  });

  return app;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function lastValue(series: {
  since(t: number): { values: number[] }[];
}): number {
  const buckets = series.since(Date.now() - 60_000);
  const last = buckets[buckets.length - 1];
  return last?.values[last.values.length - 1] ?? 0;
}
