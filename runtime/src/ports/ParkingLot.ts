import type { OutboundMessage } from './Transport';

/**
 * Where a relay keeps, durably and on its own cloud, what the other cloud's queue refused, until a
 * scheduled re-send takes it on. No delivery count: a message stays until it is removed.
 */
export interface ParkingLot {
  park(messages: OutboundMessage[]): Promise<void>;
  /** The longest-parked messages, up to `max`. */
  oldest(max: number): Promise<OutboundMessage[]>;
  /** Removes messages once the other cloud's queue took them. */
  remove(messages: OutboundMessage[]): Promise<void>;
}
