import type { ParkingLot } from '../ports/ParkingLot';
import type { OutboundMessage } from '../ports/Transport';

/** A parking lot in memory, for tests and models. */
export class MemoryParkingLot implements ParkingLot {
  private readonly parked = new Map<string, OutboundMessage>();

  async park(messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) this.parked.set(parkingId(m), { ...m });
  }

  async oldest(max: number): Promise<OutboundMessage[]> {
    return [...this.parked.values()].slice(0, max);
  }

  async remove(messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) this.parked.delete(parkingId(m));
  }

  get size(): number {
    return this.parked.size;
  }
}

/** One parked message per event and version: parking the same event twice keeps one copy. */
export function parkingId(m: OutboundMessage): string {
  return `${m.id}.${m.attributes?.version ?? ''}`;
}
