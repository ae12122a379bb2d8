import type { Request, Response } from 'express';
import type { StatusBody } from './StatusService';

/**
 * Sends a status as it was encoded once per read (Express's `send` would hash every response for
 * an ETag and parse the content type again):
 * - a poll that already has it (`If-None-Match` names its ETag) gets a 304 without a body;
 * - a client that accepts gzip gets the body gzipped once per read. A portal's backend compresses
 *   every response of 1 KB or more on the fly (Backstage's root router applies `compression`,
 *   whose default threshold is 1 KB, https://www.npmjs.com/package/compression#threshold), which
 *   for a status (about 2.4 KB) was more CPU than the rest of the plugin's work; a response that
 *   already has a Content-Encoding is left as it is by that middleware. The ETag of the gzipped
 *   form differs from the plain one's, since a strong validator names one representation
 *   (RFC 9110, 8.8.3), and `Vary: Accept-Encoding` tells caches that the form depends on it.
 */
export function sendStatus(req: Request, res: Response, status: StatusBody) {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const etag = gzip ? `${status.etag.slice(0, -1)}.gz"` : status.etag;
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('etag', etag);
  if (matchesETag(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.end(gzip ? status.gzip : status.body);
}

/**
 * Whether a request's `If-None-Match` names `etag`, so a 304 answers it: `*`, or any tag of the
 * list by the weak comparison (a `W/` prefix ignored), as "If-None-Match" specifies
 * (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/If-None-Match; RFC 9110, 13.1.2).
 */
export function matchesETag(ifNoneMatch: string | undefined, etag: string) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === etag);
}
