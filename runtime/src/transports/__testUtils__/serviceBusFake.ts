import { ServiceBusClient } from '@azure/service-bus';
import {
  type RunningServiceBusFake,
  startServiceBusFake,
} from '@multicloud/cloud-fakes';

/**
 * The Service Bus fake for one test file, with the official SDK's client on it: started before the
 * file's tests, stopped after them. Read `fake` and `client` inside the tests.
 */
export function useServiceBusFake(
  options?: Parameters<typeof startServiceBusFake>[0],
) {
  const bus = {} as { fake: RunningServiceBusFake; client: ServiceBusClient };
  beforeAll(async () => {
    bus.fake = await startServiceBusFake(options);
    bus.client = new ServiceBusClient(bus.fake.connectionString);
  });
  afterAll(async () => {
    await bus.client?.close();
    await bus.fake?.stop();
  });
  return bus;
}
