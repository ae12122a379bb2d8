import * as z from './zod';
import { isValidVersion } from './version';
import { checkItemData, PayloadContractError } from './payloadContract';
import { ITEM_ID_PATTERN } from './itemId';

export { ITEM_ID_PATTERN };

/**
 * The replication event envelope: every write on either side is one of these. Field names are the
 * wire format shared by both clouds (snake_case, as in the original design).
 */
export const OP_TYPES = ['put', 'delete'] as const;
export type OpType = (typeof OP_TYPES)[number];

// Marked pure (zod's functions are not), so a bundle that never parses events (the API, `reconcile`)
// leaves the schema out.
export const replicationEventSchema = /* @__PURE__ */ z
  .strictObject({
    event_id: z.guid(),
    source_region: z
      .string()
      .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a region id')),
    op_type: z.enum(OP_TYPES),
    key: z.string().check(z.regex(ITEM_ID_PATTERN, 'must be an item id')),
    /** The item's attributes for a put; null for a delete (a tombstone). */
    payload: z.nullable(z.record(z.string(), z.unknown())),
    /** Wall-clock milliseconds when the write was committed at its source. */
    timestamp: z
      .number()
      .check(z.refine(Number.isInteger, 'must be an integer'), z.nonnegative()),
    /** Hybrid logical clock reading: the total order of writes (see version.ts). */
    version: z.string().check(z.refine(isValidVersion, 'must be a version')),
  })
  .check(({ value: event, issues }) => {
    const problem = (path: string, message: string) =>
      issues.push({ code: 'custom', path: [path], message, input: event });
    if (event.op_type === 'put' && event.payload === null)
      problem('payload', 'a put needs a payload');
    if (event.op_type === 'delete' && event.payload !== null)
      problem('payload', 'a delete has no payload');
    if (!event.version.endsWith(`.${event.source_region}`))
      problem('version', 'the version must be issued by the source region');
  });

export type ReplicationEvent = z.infer<typeof replicationEventSchema>;

export class InvalidEventError extends Error {
  constructor(readonly reasons: string[]) {
    super(`invalid replication event: ${reasons.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * Validates an envelope that arrived from anywhere, its payload against the payload contract;
 * a bad one is refused with the reasons.
 */
export function parseReplicationEvent(input: unknown): ReplicationEvent {
  const result = replicationEventSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidEventError(
      result.error.issues.map(
        i => `${i.path.join('.') || 'event'}: ${i.message}`,
      ),
    );
  }
  // The payload contract the API enforces holds for events too: a forged or oversized event is
  // refused before it reaches a store (a payload nested thousands deep crashes dynalite).
  if (result.data.payload !== null) {
    try {
      checkItemData(result.data.payload);
    } catch (error) {
      if (!(error instanceof PayloadContractError)) throw error;
      throw new InvalidEventError([`payload: ${error.message}`]);
    }
  }
  return result.data;
}
