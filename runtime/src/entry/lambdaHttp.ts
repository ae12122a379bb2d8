import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

/** API Gateway HTTP API (payload v2) → the shared handler, through hono's own Lambda adapter. */
export function toLambdaHttpHandler(app: Hono) {
  return handle(app);
}
