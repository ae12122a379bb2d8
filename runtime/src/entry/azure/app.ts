import { app, type InvocationContext } from '@azure/functions';
import { CosmosClient } from '@azure/cosmos';
import { SQSClient } from '@aws-sdk/client-sqs';
import { InboundApplier } from '../../bridge/InboundApplier';
import { Reconciler } from '../../bridge/Reconciler';
import { createTriggeredRelay } from '../../bridge/Relay';
import { createApi } from '../../http/createApi';
import { JsonLogMetricsSink } from '../../metrics/JsonLogMetricsSink';
import {
  CosmosStore,
  ItemDocument,
  storedItemFromCosmosDocument,
} from '../../stores/CosmosStore';
import { SqsTransport } from '../../transports/SqsTransport';
import { azureConfigSchema, AzureConfig, readConfig } from '../config';
import { toAzureHttpHandler } from '../azureHttp';
import { createRegionCore } from '../regionRole';
import { registerAzureReconcileFunction } from './scheduled';

/**
 * Builds the Azure side from its configuration. The Cosmos client authenticates with the
 * Function App's managed identity (no key in settings) through a token credential the caller
 * passes; `registerAzureFunctions` wires the default one.
 */
export function buildAzureRuntime(config: AzureConfig, cosmos: CosmosClient) {
  const store = new CosmosStore({
    container: cosmos
      .database(config.COSMOS_DATABASE)
      .container(config.COSMOS_CONTAINER),
  });
  const { clock, items } = createRegionCore(config, store);
  const sink = new JsonLogMetricsSink();
  const outbound = new SqsTransport({
    client: new SQSClient({
      region: config.PEER_SQS_REGION,
      credentials: {
        accessKeyId: config.PEER_AWS_ACCESS_KEY_ID,
        secretAccessKey: config.PEER_AWS_SECRET_ACCESS_KEY,
      },
    }),
    queueUrl: config.PEER_SQS_QUEUE_URL,
    deadLetterQueueUrl: config.PEER_SQS_QUEUE_URL,
  });
  const reconciler = new Reconciler({
    region: config.REGION_ID,
    store,
    peer: outbound,
    metrics: sink,
  });
  return {
    http: toAzureHttpHandler(
      createApi({
        items,
        whoami: {
          cloud: 'azure',
          region: config.AZURE_REGION,
          instance: process.env.WEBSITE_INSTANCE_ID ?? 'function',
          version: config.SERVICE_VERSION,
        },
        health: [{ name: 'store', check: () => store.ping() }],
        forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
      }),
    ),
    relay: createTriggeredRelay({
      region: config.REGION_ID,
      outbound,
      metrics: sink,
    }),
    reconciler,
    applier: new InboundApplier({ store, clock, metrics: sink, reconciler }),
  };
}

export type AzureRuntime = ReturnType<typeof buildAzureRuntime>;

/** Registers the Function App's functions: `api` (HTTP), `relay` (change feed) and `apply` (queue). */
export function registerAzureFunctions(makeRuntime: () => AzureRuntime) {
  let runtime: AzureRuntime | undefined;
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
    handler: async (documents: unknown[], context: InvocationContext) => {
      const sent = await get().relay.relayChanges(
        documents.map(d => storedItemFromCosmosDocument(d as ItemDocument)),
      );
      context.log(`relayed ${sent} of ${documents.length} changes to aws`);
    },
  });

  registerAzureReconcileFunction(() => get().reconciler);

  app.serviceBusQueue('apply', {
    connection: 'SERVICEBUS_CONNECTION',
    queueName: env.INBOUND_QUEUE_NAME ?? 'inbound',
    handler: async (message: unknown, context: InvocationContext) => {
      const body =
        typeof message === 'string' ? message : JSON.stringify(message);
      const result = await get().applier.handle(body);
      if (result.outcome === 'retry') throw result.error;
      if (result.outcome === 'rejected') {
        // The trigger cannot dead-letter directly: failing the delivery lets Service Bus
        // dead-letter it after the queue's max delivery count. The reason is logged each time.
        context.error(`replication event refused: ${result.reason}`);
        throw new Error(`replication event refused: ${result.reason}`);
      }
    },
  });
}

/** Reads the environment; the generated service calls this from its Function App entry file. */
export function readAzureConfig(
  env: Record<string, string | undefined> = process.env,
): AzureConfig {
  return readConfig(azureConfigSchema, env);
}
