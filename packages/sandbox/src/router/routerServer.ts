import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ServiceSandbox } from '../ServiceSandbox';
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
 * The router's front door: `/svc/<service>/<path>` goes to that service, any other path to the
 * default service. Each request is forwarded once to the region the service's router picks; the
 * answer names the region in `x-sandbox-region`.
 */
export function createRouterServer(
  services: () => Map<string, ServiceSandbox>,
  defaultService: string,
): Server {
  return createServer(async (req, res) => {
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    // Node's parser lets through request targets a URL cannot be made of (`//`, `//[`).
    const url = URL.parse(req.url ?? '/', 'http://router');
    if (!url) {
      send(400, { error: { message: 'the request target is not a URL path' } });
      return;
    }
    const match = /^\/svc\/([^/]+)(\/.*)?$/.exec(url.pathname);
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
      const body = ['GET', 'HEAD'].includes(req.method ?? 'GET')
        ? undefined
        : await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
      const answer = await fetch(
        `${service.router.urlOf(region)}${path}${url.search}`,
        {
          method: req.method,
          headers,
          body,
          signal: AbortSignal.timeout(10_000),
        },
      );
      const out: Record<string, string> = { 'x-sandbox-region': region };
      answer.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.has(k)) out[k] = v;
      });
      res.writeHead(answer.status, out);
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
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
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
