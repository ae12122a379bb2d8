import { CosmosClient } from '@azure/cosmos';
import { app, type InvocationContext } from '@azure/functions';
import { ServiceBusClient } from '@azure/service-bus';
import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import { inboundBodyProblem } from '../../bridge/InboundApplier';
import { JsonLogMetricsSink } from '../../metrics/JsonLogMetricsSink';
import { CosmosStore } from '../../stores/CosmosStore';
import { ServiceBusDeadLetterQueue } from '../../transports/ServiceBusDeadLetterQueue';
import { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';

/** NCRONTAB with seconds, as the timer trigger reads it: every minute. */
export const REDRIVE_SCHEDULE = '0 */1 * * * *';

/**
 * The Azure side's dead-letter redriver, on the Functions timer trigger (one instance at a time:
 * "Timer trigger for Azure Functions",
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer): every minute it
 * sends transient dead letters of the inbound queue back to it. It talks to Service Bus through
 * the SDK with the Function App's identity, which needs the Data Sender role on the queue (the
 * trigger's Data Receiver role covers the dead-letter sub-queue). While Cosmos DB does not
 * answer, a run sends nothing back, so an outage spends no re-drives.
 *
 * Registered from a file of its own (`redriveMain.ts`, bundled apart): the Service Bus SDK is
 * some 280 KB minified, which the main bundle does not carry. The Function App loads every file
 * its package.json `main` glob names ("Azure Functions Node.js developer guide, registering a
 * function", https://learn.microsoft.com/azure/azure-functions/functions-reference-node).
 */
export function registerAzureRedriveFunction(
  env: Record<string, string | undefined> = process.env,
) {
  let redriver: DeadLetterRedriver | undefined;
  const getRedriver = () => {
    if (redriver) return redriver;
    const store = new CosmosStore({
      container: new CosmosClient({
        endpoint: required(env, 'COSMOS_ENDPOINT'),
        aadCredentials: new AppServiceManagedIdentityCredential(),
      })
        .database(required(env, 'COSMOS_DATABASE'))
        .container(required(env, 'COSMOS_CONTAINER')),
    });
    return (redriver = new DeadLetterRedriver({
      deadLetters: new ServiceBusDeadLetterQueue({
        client: new ServiceBusClient(
          required(env, 'SERVICEBUS_CONNECTION__fullyQualifiedNamespace'),
          new AppServiceManagedIdentityCredential({
            clientId: env.SERVICEBUS_CONNECTION__clientId,
          }),
        ),
        queueName: required(env, 'INBOUND_QUEUE_NAME'),
      }),
      problemWith: inboundBodyProblem,
      ready: () => store.ping(),
      metrics: new JsonLogMetricsSink(),
    }));
  };

  app.timer('redrive', {
    schedule: REDRIVE_SCHEDULE,
    handler: async (_timer: unknown, context: InvocationContext) => {
      const report = await getRedriver().runOnce();
      context.log(
        `dead letters: ${report.redriven} re-driven, ${report.awaitingPerson} awaiting a person`,
      );
    },
  });
}

function required(env: Record<string, string | undefined>, name: string) {
  const value = env[name];
  if (!value)
    throw new Error(`the function is misconfigured: ${name} is not set`);
  return value;
}
