import { ServiceBusClient } from '@azure/service-bus';
import {
  RunningServiceBusFake,
  startServiceBusFake,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { MessageTooLargeError, ServiceBusSender } from './ServiceBusSender';

let fake: RunningServiceBusFake;
let client: ServiceBusClient;
beforeAll(async () => {
  fake = await startServiceBusFake();
  client = new ServiceBusClient(fake.connectionString);
});
afterAll(async () => {
  await client.close();
  await fake.stop();
});

const counts = (queue: string) =>
  fetch(`${fake.adminUrl}/queues/${queue}`).then(r => r.json());

describe('ServiceBusSender on the Service Bus fake (256 KB per message, as Standard)', () => {
  it('sends more than one batch holds, in as many batches as it takes, losing none', async () => {
    const queueName = `q-${randomUUID().slice(0, 8)}`;
    const messages = Array.from({ length: 300 }, (_, i) => ({
      id: `e${i}`,
      body: JSON.stringify({ i, pad: 'x'.repeat(2_000) }),
    }));
    // The same messages as one array do not fit one batch: the SDK refuses them whole.
    await expect(
      client
        .createSender(queueName)
        .sendMessages(messages.map(m => ({ body: m.body }))),
    ).rejects.toThrow();
    await new ServiceBusSender({ client, queueName }).send(messages);
    expect(await counts(queueName)).toMatchObject({ active: 300 });
  });

  it('sends every event that fits, then refuses the one no message can carry, naming it', async () => {
    const queueName = `q-${randomUUID().slice(0, 8)}`;
    const error = await new ServiceBusSender({ client, queueName })
      .send([
        { id: 'fits', body: '{}' },
        { id: 'event-7', body: 'x'.repeat(300 * 1024) },
        { id: 'fits-too', body: '{}' },
      ])
      .catch(e => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error.message).toMatch(/event event-7 does not fit .* of queue q-/);
    expect(await counts(queueName)).toMatchObject({ active: 2 });
  });

  it('propagates a send failure (a quota error) so the caller keeps the batch', async () => {
    const quota = new Error('The quota of the entity was exceeded');
    const failing = {
      createSender: (queue: string) => {
        const real = client.createSender(queue);
        return Object.assign(real, {
          sendMessages: () => Promise.reject(quota),
        });
      },
    } as unknown as ServiceBusClient;
    await expect(
      new ServiceBusSender({ client: failing, queueName: 'q' }).send([
        { id: 'e1', body: '{}' },
      ]),
    ).rejects.toThrow('quota of the entity was exceeded');
  });
});
