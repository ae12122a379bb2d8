import { app, type InvocationContext } from '@azure/functions';
import {
  COSMOS_FEED_POLL_DELAY_MS,
  COSMOS_RELAY_RETRY,
  RECONCILE_SCHEDULE,
  REDRIVE_SCHEDULE,
  RESEND_PARKED_SCHEDULE,
} from './triggers';

/**
 * A handler whose code is imported the first time it runs, and kept. A failed import or build is
 * tried again on the next invocation.
 */
function onFirstRun<A extends unknown[], R>(
  load: () => Promise<{ build: () => (...args: A) => R | Promise<R> }>,
): (...args: A) => Promise<R> {
  let handler: Promise<(...args: A) => R | Promise<R>> | undefined;
  return async (...args: A) => {
    handler ??= load()
      .then(module => module.build())
      .catch(error => {
        handler = undefined;
        throw error;
      });
    return await (
      await handler
    )(...args);
  };
}

/**
 * Registers the Function App's functions: `api` (HTTP), `relay` (change feed, with its retry
 * policy), `apply` (Service Bus queue), and the timers `resendParked`, `redrive` and
 * `reconcile`. Timers need no Terraform resource.
 *
 * The worker loads the app's main file at start and takes the functions registered while it
 * loads; registering is synchronous, with the `app` methods ("Registering a function", Azure
 * Functions Node.js developer guide, v4 model:
 * https://learn.microsoft.com/azure/azure-functions/functions-reference-node#registering-a-function).
 * So the registrations are made here at load, and each function's code, with its SDKs, is a
 * dynamic import that runs when that function first runs: the main file holds @azure/functions
 * and these settings only, and an HTTP cold start loads no queue SDK.
 */
export function registerAzureFunctions() {
  const env = process.env;

  app.http('api', {
    route: '{*path}',
    methods: ['GET', 'PUT', 'DELETE', 'POST', 'HEAD'],
    authLevel: 'anonymous',
    handler: onFirstRun(() => import('./deployed/api.js')),
  });

  const relay = onFirstRun(() => import('./deployed/relay.js'));
  app.cosmosDB('relay', {
    connection: 'COSMOS_CONNECTION',
    databaseName: env.COSMOS_DATABASE ?? 'service',
    containerName: env.COSMOS_CONTAINER ?? 'items',
    leaseContainerName: 'leases',
    createLeaseContainerIfNotExists: false,
    feedPollDelay: COSMOS_FEED_POLL_DELAY_MS,
    retry: COSMOS_RELAY_RETRY,
    handler: (documents: unknown[], context: InvocationContext) =>
      relay(documents, context),
  });

  // A batch of messages per execution ("Set to `many` in order to enable batching", the
  // `cardinality` option of @azure/functions' ServiceBusQueueTriggerOptions; as in
  // Azure/azure-functions-nodejs-e2e-tests app/v4/src/functions/serviceBusQueueManyTrigger.ts),
  // up to host.json's `maxMessageBatchSize`: one execution per batch instead of one per event.
  app.serviceBusQueue('apply', {
    connection: 'SERVICEBUS_CONNECTION',
    queueName: env.INBOUND_QUEUE_NAME ?? 'inbound',
    cardinality: 'many',
    handler: onFirstRun(() => import('./deployed/apply.js')),
  });

  app.timer('resendParked', {
    schedule: RESEND_PARKED_SCHEDULE,
    handler: onFirstRun(() => import('./deployed/resendParked.js')),
  });

  const redrive = onFirstRun(() => import('./deployed/redrive.js'));
  app.timer('redrive', {
    schedule: REDRIVE_SCHEDULE,
    handler: async (timer, context) => {
      await redrive(timer, context);
    },
  });

  const reconcile = onFirstRun(() => import('./deployed/reconcile.js'));
  app.timer('reconcile', {
    schedule: RECONCILE_SCHEDULE,
    handler: async (timer, context) => {
      await reconcile(timer, context);
    },
  });
}
