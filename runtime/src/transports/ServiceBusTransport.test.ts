import type { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusTransport } from './ServiceBusTransport';

describe('ServiceBusTransport error paths the fake cannot produce', () => {
  const clientWhoseSenderFails = (error: Error) =>
    ({
      createSender: () => ({
        sendMessages: async () => Promise.reject(error),
        close: async () => undefined,
      }),
    } as unknown as ServiceBusClient);

  it('propagates a quota error so the relay keeps its checkpoint and retries', async () => {
    const quota = Object.assign(
      new Error('The quota of the entity was exceeded'),
      { code: 'QuotaExceededError' },
    );
    const transport = new ServiceBusTransport({
      client: clientWhoseSenderFails(quota),
      queueName: 'q',
      counts: async () => ({ active: 0, inFlight: 0, deadLettered: 0 }),
    });
    await expect(transport.send([{ id: 'e1', body: '{}' }])).rejects.toThrow(
      'quota of the entity was exceeded',
    );
  });

  it('sends in chunks that keep each batch under the size limit', async () => {
    const batches: number[] = [];
    const client = {
      createSender: () => ({
        sendMessages: async (messages: unknown[]) => {
          batches.push(messages.length);
        },
        close: async () => undefined,
      }),
    } as unknown as ServiceBusClient;
    const transport = new ServiceBusTransport({
      client,
      queueName: 'q',
      counts: async () => ({ active: 0, inFlight: 0, deadLettered: 0 }),
    });
    await transport.send(
      Array.from({ length: 120 }, (_, i) => ({ id: `e${i}`, body: '{}' })),
    );
    expect(batches).toEqual([50, 50, 20]);
  });
});
