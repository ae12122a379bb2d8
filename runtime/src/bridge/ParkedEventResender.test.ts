import { MemoryParkingLot } from '../transports/MemoryParkingLot';
import { MemoryTransport } from '../transports/MemoryTransport';
import { ParkedEventResender } from './ParkedEventResender';

async function parked(n: number) {
  const parking = new MemoryParkingLot();
  await parking.park(
    Array.from({ length: n }, (_, i) => ({
      id: `e${i}`,
      body: `{"i":${i}}`,
      attributes: { version: String(i), parked_reason: 'peer down' },
    })),
  );
  return parking;
}

describe('ParkedEventResender', () => {
  it('sends a 10-minute outage’s worth of parked events (12,000) on in one run', async () => {
    const parking = await parked(12_000);
    const outbound = new MemoryTransport();
    const result = await new ParkedEventResender({
      parking,
      outbound,
    }).drain();
    expect(result).toEqual({ resent: 12_000 });
    expect(parking.size).toBe(0);
    const [first] = await outbound.receive({ maxMessages: 1 });
    // The parking reason stays behind: the other cloud gets the event as the relay sent it.
    expect(first.attributes).toEqual({ version: '0' });
  });

  it('stops at its time budget and leaves the rest parked for the next run', async () => {
    const parking = await parked(500);
    let time = 0;
    const outbound = {
      send: async () => {
        time += 10_000; // each send of 50 takes 10 s
      },
      close: async () => undefined,
    };
    const result = await new ParkedEventResender({
      parking,
      outbound,
      budgetMs: 50_000,
      now: () => time,
    }).drain();
    expect(result).toEqual({ resent: 250 });
    expect(parking.size).toBe(250);
  });

  it('keeps everything parked while the other cloud’s queue refuses', async () => {
    const parking = await parked(120);
    const refusing = {
      send: async () => {
        throw new Error('unreachable');
      },
      close: async () => undefined,
    };
    const result = await new ParkedEventResender({
      parking,
      outbound: refusing,
    }).drain();
    expect(result.resent).toBe(0);
    expect(result.error?.message).toBe('unreachable');
    expect(parking.size).toBe(120);
  });
});
