import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Hono } from 'hono';

/**
 * Azure Functions v4 speaks fetch-style requests already; this turns one into a Web Request for
 * the shared handler and the Response back. Thirty lines, so no adapter library is needed.
 */
export function toAzureHttpHandler(app: Hono) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const method = request.method.toUpperCase();
    const headers = new Headers();
    request.headers.forEach((value, name) => headers.set(name, value));
    const body =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : Buffer.from(await request.arrayBuffer());
    // The Function App serves the service's own paths, as API Gateway does: host.json sets
    // extensions.http.routePrefix to "" (the default prefix is "api"; "host.json reference",
    // https://learn.microsoft.com/azure/azure-functions/functions-host-json#http).
    const response = await app.fetch(
      new Request(request.url, { method, headers, body }),
    );
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      headers: responseHeaders,
      body: bytes.length ? bytes : undefined,
    };
  };
}
