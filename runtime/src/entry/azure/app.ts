import { app, type InvocationContext } from '@azure/functions';
import { CosmosClient } from '@azure/cosmos';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import { JsonLogMetricsSink } from '../../metrics/JsonLogMetricsSink';
import { CosmosStore } from '../../stores/CosmosStore';
import { CosmosParkingLot } from '../../transports/CosmosParkingLot';
import { ServiceBusDeadLetterQueue } from '../../transports/ServiceBusDeadLetterQueue';
import { SqsSender } from '../../transports/SqsTransport';
import { azureConfigSchema, AzureConfig, readConfig } from '../config';
import {
  COSMOS_FEED_POLL_DELAY_MS,
  COSMOS_RELAY_RETRY,
  createAzureFunctions,
  RECONCILE_SCHEDULE,
  REDRIVE_SCHEDULE,
  RESEND_PARKED_SCHEDULE,
  type AzureFunctions,
} from './functions';
import { AppServiceManagedIdentityCredential } from './AppServiceManagedIdentityCredential';
import { awsCredentialsFromAzure } from './peerCredentials';

/**
 * Builds the Azure side from its configuration. The Cosmos client (items and the relay's parking
 * lot) authenticates with the Function App's managed identity (no key in settings) through a
 * token credential the caller passes.
 */
export function buildAzureRuntime(
  config: AzureConfig,
  cosmos: CosmosClient,
): AzureFunctions {
  const database = cosmos.database(config.COSMOS_DATABASE);
  return createAzureFunctions({
    config,
    store: new CosmosStore({
      container: database.container(config.COSMOS_CONTAINER),
    }),
    peer: new SqsSender({
      client: new SQSClient({
        region: config.PEER_SQS_REGION,
        // No key: the relay trades its managed identity's token for the send-only role.
        credentials: awsCredentialsFromAzure({
          roleArn: config.PEER_AWS_ROLE_ARN,
          identity: new AppServiceManagedIdentityCredential(),
          region: config.PEER_SQS_REGION,
        }),
      }),
      queueUrl: config.PEER_SQS_QUEUE_URL,
    }),
    // The redriver reaches Service Bus through the SDK with the Function App's identity (the
    // trigger's connection settings), which holds the Data Sender role on the inbound queue.
    deadLetterQueue: new ServiceBusDeadLetterQueue({
      client: new ServiceBusClient(
        config.SERVICEBUS_CONNECTION__fullyQualifiedNamespace,
        new AppServiceManagedIdentityCredential({
          clientId: process.env.SERVICEBUS_CONNECTION__clientId,
        }),
      ),
      queueName: config.INBOUND_QUEUE_NAME,
    }),
    parking: new CosmosParkingLot(
      database.container(config.COSMOS_PARKING_CONTAINER),
    ),
    metrics: new JsonLogMetricsSink(),
    instance: process.env.WEBSITE_INSTANCE_ID,
  });
}

export type AzureRuntime = AzureFunctions;

/**
 * Registers the Function App's functions: `api` (HTTP), `relay` (change feed, with its retry
 * policy), `apply` (Service Bus queue), and the timers `resendParked`, `redrive` and
 * `reconcile`. Timers need no Terraform resource.
 */
export function registerAzureFunctions(makeRuntime: () => AzureFunctions) {
  let runtime: AzureFunctions | undefined;
  const get = () => (runtime ??= makeRuntime());
  const env = process.env;

  app.http('api', {
    route: '{*path}',
    methods: ['GET', 'PUT', 'DELETE', 'POST', 'HEAD'],
    authLevel: 'anonymous',
    handler: request => get().http(request),
  });

  app.cosmosDB('relay', {
    connection: 'COSMOS_CONNECTION',
    databaseName: env.COSMOS_DATABASE ?? 'service',
    containerName: env.COSMOS_CONTAINER ?? 'items',
    leaseContainerName: 'leases',
    createLeaseContainerIfNotExists: false,
    feedPollDelay: COSMOS_FEED_POLL_DELAY_MS,
    retry: COSMOS_RELAY_RETRY,
    handler: (documents: unknown[], context: InvocationContext) =>
      get().relay(documents, context),
  });

  app.serviceBusQueue('apply', {
    connection: 'SERVICEBUS_CONNECTION',
    queueName: env.INBOUND_QUEUE_NAME ?? 'inbound',
    handler: (message, context) => get().apply(message, context),
  });

  app.timer('resendParked', {
    schedule: RESEND_PARKED_SCHEDULE,
    handler: (timer, context) => get().resendParked(timer, context),
  });

  app.timer('redrive', {
    schedule: REDRIVE_SCHEDULE,
    handler: async (timer, context) => {
      await get().redrive(timer, context);
    },
  });

  app.timer('reconcile', {
    schedule: RECONCILE_SCHEDULE,
    handler: async (timer, context) => {
      await get().reconcile(timer, context);
    },
  });
}

/** Reads the environment; the generated service calls this from its Function App entry file. */
export function readAzureConfig(
  env: Record<string, string | undefined> = process.env,
): AzureConfig {
  return readConfig(azureConfigSchema, env);
}
