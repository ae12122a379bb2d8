/**
 * Tombstones are kept at least as long as the longest replay horizon: DynamoDB Streams keep 24 h,
 * plus up to 14 days in a dead-letter queue. After that the store's TTL removes them.
 */
export const TOMBSTONE_RETENTION_SECONDS = 15 * 24 * 3600;

/** Epoch seconds at which a tombstone written at `timestampMs` may be expired. */
export function tombstoneExpiry(timestampMs: number): number {
  return Math.floor(timestampMs / 1000) + TOMBSTONE_RETENTION_SECONDS;
}
