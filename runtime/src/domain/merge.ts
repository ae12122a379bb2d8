import type { ReplicationEvent } from './event';
import type { StoredItem } from '../ports/Store';

/**
 * The one merge rule of both clouds: last writer wins by version. An event replaces what is
 * stored only if its version is strictly newer, so applying an event twice, or a set of events in
 * any order, gives the same state. Deletes are tombstones carrying their version, so a late put
 * older than the delete cannot bring the item back.
 */
export function shouldApply(
  stored: Pick<StoredItem, 'version'> | undefined,
  event: Pick<ReplicationEvent, 'version'>,
): boolean {
  return stored === undefined || event.version > stored.version;
}

/** What a store holds after applying the event. */
export function toStoredItem(event: ReplicationEvent): StoredItem {
  return {
    key: event.key,
    payload: event.op_type === 'delete' ? null : event.payload,
    version: event.version,
    source_region: event.source_region,
    timestamp: event.timestamp,
    event_id: event.event_id,
    deleted: event.op_type === 'delete',
  };
}

/** The event that reproduces a stored item elsewhere (what the relay sends). */
export function toReplicationEvent(item: StoredItem): ReplicationEvent {
  return {
    event_id: item.event_id,
    source_region: item.source_region,
    op_type: item.deleted ? 'delete' : 'put',
    key: item.key,
    payload: item.deleted ? null : item.payload,
    timestamp: item.timestamp,
    version: item.version,
  };
}
