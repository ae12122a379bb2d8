import { MemoryTransport } from './MemoryTransport';
import { describeTransportConformance } from './__testUtils__/transportConformance';

describeTransportConformance('MemoryTransport', async () => {
  let time = 0;
  return {
    transport: new MemoryTransport({
      maxDeliveries: 3,
      visibilityTimeoutMs: 1000,
      now: () => time,
    }),
    expireLocks: async () => {
      time += 1001;
    },
    maxDeliveries: 3,
  };
});
