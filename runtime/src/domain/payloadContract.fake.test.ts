import { randomUUID } from 'node:crypto';
import { formatVersion } from './version';
import type { ReplicationEvent } from './event';
import {
  checkItemData,
  MAX_DATA_JSON_BYTES,
  SERVICE_BUS_STANDARD_MESSAGE_BYTES,
} from './payloadContract';
import { useServiceBusFake } from '../transports/__testUtils__/serviceBusFake';

const bus = useServiceBusFake({ maxDeliveryCount: 3, lockDurationMs: 1000 });

/** The largest event the contract lets through: longest key and region, data at the limit. */
function largestEvent(dataJsonBytes: number): ReplicationEvent {
  const region = `r${'x'.repeat(62)}`;
  const wallMs = 999_999_999_999_999;
  const payload = { s: 'x'.repeat(dataJsonBytes - '{"s":""}'.length) };
  return {
    event_id: randomUUID(),
    source_region: region,
    op_type: 'put',
    key: `k${'x'.repeat(127)}`,
    payload,
    timestamp: wallMs,
    version: formatVersion({ wallMs, counter: 999_999, region }),
  };
}

/** The message as the relay sends it (ServiceBusTransport.send). */
const toMessage = (event: ReplicationEvent) => ({
  body: JSON.stringify(event),
  messageId: event.event_id,
  applicationProperties: {
    source_region: event.source_region,
    version: event.version,
  },
});

describe('the payload contract on Service Bus Standard', () => {
  it('lets through no event too large for one 256 KB message batch', async () => {
    const sender = bus.client.createSender(
      `inbound-${randomUUID().slice(0, 8)}`,
    );
    const event = largestEvent(MAX_DATA_JSON_BYTES);
    expect(() => checkItemData(event.payload)).not.toThrow();
    const batch = await sender.createMessageBatch({
      maxSizeInBytes: SERVICE_BUS_STANDARD_MESSAGE_BYTES,
    });
    expect(batch.tryAddMessage(toMessage(event))).toBe(true);
    // With room to spare for properties added later (a retry count, a parked-at time...).
    expect(
      SERVICE_BUS_STANDARD_MESSAGE_BYTES - batch.sizeInBytes,
    ).toBeGreaterThan(6 * 1024);
    process.stdout.write(
      `largest event: ${batch.sizeInBytes} of ${SERVICE_BUS_STANDARD_MESSAGE_BYTES} bytes in a batch\n`,
    );
    // The limit is real: data of the full 256 KB does not fit.
    const tooLarge = await sender.createMessageBatch({
      maxSizeInBytes: SERVICE_BUS_STANDARD_MESSAGE_BYTES,
    });
    expect(
      tooLarge.tryAddMessage(
        toMessage(largestEvent(SERVICE_BUS_STANDARD_MESSAGE_BYTES)),
      ),
    ).toBe(false);
    await sender.close();
  });
});
