import type { RequestListener } from 'node:http';
import { sendError } from './protocolErrors';

/**
 * Segments the WHATWG URL parser treats as `.` and `..` (URL Standard, "single-dot URL path
 * segment" and "double-dot URL path segment"): the dots themselves or `%2e` in any case. For an
 * http URL it also reads `\` as `/` (the path state's "special URL" rule).
 */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The first segment of a raw request target (as Node hands it over, before any URL parsing) that
 * URL parsing would resolve as a dot segment, or undefined. `new URL` (the router, and Hono's
 * Node adapter for the control API) removes such a segment together with the one before it, so
 * `/svc/%2e%2e/items` would reach the default service and
 * `/api/services/orders/regions/aws/%2e%2e/%2e%2e/weights` the weights of `orders`.
 */
export function dotSegmentOf(target: string): string | undefined {
  const path = target.split(/[?#]/, 1)[0];
  return path.split(/[/\\]/).find(segment => DOT_SEGMENT.test(segment));
}

/**
 * A listener that refuses a request whose target has a dot segment with a 400 and the reason,
 * before `inner` (and the URL parsing in it) sees it: which service or route such a path names
 * depends on who resolves it, so no server of the sandbox guesses.
 */
export function refuseDotSegments(inner: RequestListener): RequestListener {
  return (req, res) => {
    const segment = dotSegmentOf(req.url ?? '/');
    if (segment === undefined) {
      inner(req, res);
      return;
    }
    sendError(
      res,
      400,
      `the request path has the dot segment ${JSON.stringify(
        segment,
      )}, which URL parsing would remove together with the segment before it; send the path without dot segments`,
    );
  };
}
