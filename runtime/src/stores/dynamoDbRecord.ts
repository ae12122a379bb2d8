import type { StoredItem } from '../ports/Store';

/**
 * A stored item from a table record, as GetItem or a DynamoDB Streams image (unmarshalled) has it.
 * A module of its own, without the DynamoDB client: the relay reads stream images and never the
 * table, so its bundle need not load the client (about 50 KB).
 */
export function storedItemFromDynamoDbRecord(
  record: Record<string, any>,
): StoredItem {
  return {
    key: record.pk,
    payload: record.deleted ? null : record.payload ?? {},
    version: record.version,
    source_region: record.source_region,
    timestamp: Number(record.timestamp),
    event_id: record.event_id,
    deleted: Boolean(record.deleted),
  };
}
