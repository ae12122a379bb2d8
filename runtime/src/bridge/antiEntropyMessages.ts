import * as z from '../domain/zod';
import { ITEM_ID_PATTERN } from '../domain/itemId';
import { isValidRegion, isValidVersion } from '../domain/version';

/**
 * The anti-entropy messages the reconcilers of the two clouds exchange. They travel on the same
 * queues as replication events (each cloud's inbound queue), so they need no new credential and
 * no public endpoint; `kind` tells them apart, since a replication event has no such field.
 */
export const ANTI_ENTROPY_KIND = 'anti-entropy';

// The schemas are marked pure (zod's functions are not): a function that only sends these
// messages (`reconcile`) then bundles none of the schema code it never runs (about 7 KB of zod).
const prefix = /* @__PURE__ */ z
  .string()
  .check(z.regex(/^[0-9a-f]{0,64}$/, 'must be a hex prefix'));
const key = /* @__PURE__ */ z
  .string()
  .check(z.regex(ITEM_ID_PATTERN, 'must be an item id'));
const version = /* @__PURE__ */ z
  .string()
  .check(z.refine(isValidVersion, 'must be a version'));
const common = {
  kind: /* @__PURE__ */ z.literal(ANTI_ENTROPY_KIND),
  from: /* @__PURE__ */ z
    .string()
    .check(z.refine(isValidRegion, 'must be a region id')),
};

export const antiEntropyMessageSchema = /* @__PURE__ */ z.discriminatedUnion(
  'step',
  [
    /** Digests of every child range of `parents`; a child left out is empty at the sender. */
    z.strictObject({
      ...common,
      step: z.literal('digests'),
      parents: z.array(prefix),
      ranges: z.record(
        prefix,
        z.tuple([
          z.string().check(z.regex(/^[0-9a-f]{32}$/)),
          z.number().check(z.refine(Number.isInteger), z.nonnegative()),
        ]),
      ),
    }),
    /** Every (key, version) the sender holds in `prefixes`. */
    z.strictObject({
      ...common,
      step: z.literal('entries'),
      prefixes: z.array(prefix),
      entries: z.array(z.tuple([key, version])),
    }),
    /** Keys whose version the sender lacks or holds older: the receiver sends them again. */
    z.strictObject({
      ...common,
      step: z.literal('pull'),
      keys: z.array(key),
    }),
  ],
);

export type AntiEntropyMessage = z.infer<typeof antiEntropyMessageSchema>;

/** True for a parsed body that claims to be an anti-entropy message (valid or not). */
export function isAntiEntropyBody(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { kind?: unknown }).kind === ANTI_ENTROPY_KIND
  );
}
