import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusDeadLetterQueue } from '../../../transports/ServiceBusDeadLetterQueue';
import { AppServiceManagedIdentityCredential } from '../AppServiceManagedIdentityCredential';
import { createAzureRedriveFunction } from '../redriveFunction';
import { azureRegion } from './region';

/**
 * `redrive`, loaded when its timer first fires: the only function that loads the Service Bus SDK.
 * It reaches Service Bus with the Function App's identity (the trigger's connection settings),
 * which holds the Data Sender role on the inbound queue.
 */
export const build = () => {
  const { config, store, metrics } = azureRegion();
  return createAzureRedriveFunction({
    store,
    metrics,
    maxClockDriftMs: config.MAX_CLOCK_DRIFT_MS,
    maxDeliveries: config.INBOUND_MAX_DELIVERY_COUNT,
    deadLetterQueue: new ServiceBusDeadLetterQueue({
      client: new ServiceBusClient(
        config.SERVICEBUS_CONNECTION__fullyQualifiedNamespace,
        new AppServiceManagedIdentityCredential({
          clientId: process.env.SERVICEBUS_CONNECTION__clientId,
        }),
      ),
      queueName: config.INBOUND_QUEUE_NAME,
    }),
  });
};
