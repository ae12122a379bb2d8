import { ServiceBusClient } from '@azure/service-bus';
import {
  RunningServiceBusFake,
  startServiceBusFake,
} from '@multicloud/cloud-fakes';
import { randomUUID } from 'node:crypto';
import { ServiceBusTransport } from './ServiceBusTransport';
import { describeTransportConformance } from './__testUtils__/transportConformance';

let fake: RunningServiceBusFake;
let client: ServiceBusClient;
beforeAll(async () => {
  fake = await startServiceBusFake({
    maxDeliveryCount: 3,
    lockDurationMs: 1000,
  });
  client = new ServiceBusClient(fake.connectionString);
});
afterAll(async () => {
  await client.close();
  await fake.stop();
});

describeTransportConformance(
  'ServiceBusTransport on the Service Bus fake',
  async () => {
    const queueName = `inbound-${randomUUID().slice(0, 8)}`;
    return {
      transport: new ServiceBusTransport({
        client,
        queueName,
        counts: () =>
          fetch(`${fake.adminUrl}/queues/${queueName}`).then(r => r.json()),
      }),
      expireLocks: () => new Promise(r => setTimeout(r, 1200)),
      maxDeliveries: 3,
    };
  },
);
