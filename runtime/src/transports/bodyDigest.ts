import { createHash } from 'node:crypto';

/**
 * What a dead-letter replay knows a letter by: its body, the one thing every dead-letter path
 * keeps (a copy made by AWS's apply function has a new id and none of the attributes).
 */
export function bodyDigest(body: string): string {
  return createHash('sha256').update(body).digest('base64');
}
