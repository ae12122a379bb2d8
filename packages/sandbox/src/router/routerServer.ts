import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Readable } from 'node:stream';
import type { ServiceSandbox } from '../ServiceSandbox';
import { createSandboxServer } from '../protocolErrors';
import { refuseDotSegments } from '../requestTarget';
import { NoHealthyRegionError } from './WeightedRouter';

/**
 * Headers about one connection, not the request (RFC 9110 section 7.6.1: Connection,
 * Keep-Alive, Proxy-Connection, TE, Transfer-Encoding, Upgrade), plus those fetch sets itself;
 * `expect: 100-continue` is answered by this server and fetch refuses to send it.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
]);

/**
 * Methods fetch refuses to send (Fetch standard, "forbidden method": CONNECT, TRACE, TRACK),
 * so the router cannot forward them; it says so instead of blaming the region.
 */
const NOT_FORWARDED = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * The router's front door: `/svc/<service>/<path>` goes to that service, any other path to the
 * default service. A path with a dot segment is refused (refuseDotSegments), and a `/svc/` path
 * names its service as sent (not percent-decoded, so `%2f` or `%252e` cannot become part of
 * another path): a name that is no service's gets the 404 of an unknown service. Each request
 * is forwarded once to the region the service's router picks; the answer names the region in
 * `x-sandbox-region`.
 */
export function createRouterServer(
  services: () => Map<string, ServiceSandbox>,
  defaultService: string,
): Server {
  return createSandboxServer(
    refuseDotSegments((req, res) => {
      const send = (
        status: number,
        body: unknown,
        headers: Record<string, string> = {},
      ) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(status, {
          'content-type': 'application/json',
          ...headers,
        });
        res.end(JSON.stringify(body));
      };
      // Whatever fails unforeseen is answered, never left as an unhandled rejection.
      route(req, res, send).catch(error =>
        send(500, {
          error: { message: `the router failed: ${(error as Error).message}` },
        }),
      );
    }),
  );

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    send: (s: number, b: unknown, h?: Record<string, string>) => void,
  ) {
    // Node's parser lets through request targets a URL cannot be made of (`//`, `//[`).
    const url = URL.parse(req.url ?? '/', 'http://router');
    if (!url) {
      send(400, { error: { message: 'the request target is not a URL path' } });
      return;
    }
    const method = req.method ?? 'GET';
    if (NOT_FORWARDED.has(method)) {
      send(405, {
        error: { message: `the router does not forward ${method} requests` },
      });
      return;
    }
    // `/svc/` with an empty name (`/svc//items`) names no service: it is not the default's.
    const match = /^\/svc\/([^/]*)(\/.*)?$/.exec(url.pathname);
    const id = match ? match[1] : defaultService;
    const path = match ? match[2] ?? '/' : url.pathname;
    const service = services().get(id);
    if (!service) {
      send(404, { error: { message: `no service ${id} in the sandbox` } });
      return;
    }
    let region;
    try {
      region = service.router.pick();
    } catch (error) {
      if (!(error instanceof NoHealthyRegionError)) throw error;
      send(503, { error: { message: error.message } }, { 'retry-after': '5' });
      return;
    }
    try {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
      const answer = await fetch(
        `${service.router.urlOf(region)}${path}${url.search}`,
        {
          method,
          headers,
          // Streamed, not buffered: the router keeps no body in memory, whatever its size
          // (the region answers one too large with a 413).
          ...(['GET', 'HEAD'].includes(method)
            ? {}
            : { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' }),
          signal: AbortSignal.timeout(10_000),
        } as RequestInit,
      );
      const out: Record<string, string> = { 'x-sandbox-region': region };
      answer.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.has(k)) out[k] = v;
      });
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      // A client that went away mid-request is no failure of the region.
      if (req.socket.destroyed) return;
      service.router.recordFailure(region);
      send(
        502,
        {
          error: {
            message: `region ${region} did not answer: ${
              (error as Error).message
            }`,
          },
        },
        { 'x-sandbox-region': region },
      );
    }
  }
}
