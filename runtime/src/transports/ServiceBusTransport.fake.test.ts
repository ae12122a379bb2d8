import { randomUUID } from 'node:crypto';
import { ServiceBusTransport } from './ServiceBusTransport';
import { describeTransportConformance } from './__testUtils__/transportConformance';
import { useServiceBusFake } from './__testUtils__/serviceBusFake';

const bus = useServiceBusFake({ maxDeliveryCount: 3, lockDurationMs: 1000 });

describeTransportConformance(
  'ServiceBusTransport on the Service Bus fake',
  async () => {
    const queueName = `inbound-${randomUUID().slice(0, 8)}`;
    return {
      transport: new ServiceBusTransport({
        client: bus.client,
        queueName,
        counts: () =>
          fetch(`${bus.fake.adminUrl}/queues/${queueName}`).then(r => r.json()),
      }),
      expireLocks: () => new Promise(r => setTimeout(r, 1200)),
      maxDeliveries: 3,
    };
  },
);
