import type { Container } from '@azure/cosmos';
import type { ParkingLot } from '../ports/ParkingLot';
import type { OutboundMessage } from '../ports/Transport';
import { parkingId } from './MemoryParkingLot';

interface ParkedDocument {
  id: string;
  parked_at: number;
  message: OutboundMessage;
}

/**
 * The relay's parking lot in a Cosmos DB container on the Azure side (`parked`, partition key
 * `/id`, no TTL: a parked event stays until it is re-sent). The Function App already holds the
 * Cosmos client and its data-plane role, so parking needs no other service or SDK. One upsert per
 * event, so parking the same batch twice keeps one copy.
 */
export class CosmosParkingLot implements ParkingLot {
  constructor(
    private readonly container: Container,
    private readonly now: () => number = Date.now,
  ) {}

  async park(messages: OutboundMessage[]): Promise<void> {
    const parkedAt = this.now();
    await Promise.all(
      messages.map(message =>
        this.container.items.upsert<ParkedDocument>({
          id: parkingId(message),
          parked_at: parkedAt,
          message,
        }),
      ),
    );
  }

  async oldest(max: number): Promise<OutboundMessage[]> {
    const { resources } = await this.container.items
      .query<ParkedDocument>({
        query: 'SELECT TOP @max * FROM c ORDER BY c.parked_at',
        parameters: [{ name: '@max', value: max }],
      })
      .fetchAll();
    return resources.map(d => d.message);
  }

  async remove(messages: OutboundMessage[]): Promise<void> {
    await Promise.all(
      messages.map(async m => {
        const id = parkingId(m);
        try {
          await this.container.item(id, id).delete();
        } catch (error) {
          // Already removed (a re-send that ran twice): nothing is lost.
          if ((error as { code?: number }).code !== 404) throw error;
        }
      }),
    );
  }
}
