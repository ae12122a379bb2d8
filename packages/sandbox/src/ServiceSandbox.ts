import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import type { CosmosClient } from '@azure/cosmos';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CosmosStore,
  CosmosVersionIndex,
  DynamoDbStore,
  DynamoDbVersionIndex,
  ensureCosmosContainer,
  ensureDynamoDbTable,
  CosmosParkingLot,
  ServiceBusDeadLetterQueue,
  ServiceBusTransport,
  SqsDeadLetterQueue,
  SqsSender,
  SqsTransport,
  VERSION_INDEX_TABLE_SCHEMA,
} from '@multicloud/runtime';
import { join } from 'node:path';
import { JournaledStore } from './region/JournaledStore';
import {
  SandboxRegion,
  type FeedCadence,
  type RegionName,
} from './region/SandboxRegion';
import { WeightedRouter } from './router/WeightedRouter';
import { ServiceEvents } from './stats/ServiceEvents';
import type { TriggerClock } from './triggers/TriggerClock';
import {
  deployAwsFunctions,
  deployAzureFunctions,
  DEFAULT_SCHEDULED_JOBS,
  type ScheduledJobsSettings,
} from './triggers/deployments';

export interface SharedInfrastructure {
  dynamo: DynamoDBClient;
  cosmos: CosmosClient;
  sqs: SQSClient;
  sqsEndpoint: string;
  serviceBus: ServiceBusClient;
  serviceBusAdminUrl: string;
  dataDir: string;
}

export interface ServiceSandboxOptions {
  id: string;
  infra: SharedInfrastructure;
  weights: Record<RegionName, number>;
  ports?: Partial<Record<RegionName, number>>;
  healthIntervalMs?: number;
  onWeightsChanged?: () => void;
  jobs?: Partial<ScheduledJobsSettings>;
  /** The trigger harness's clock (default: the wall clock). */
  clock?: TriggerClock;
  /** See `SandboxRegionOptions.feedCadence`. */
  feedCadence?: FeedCadence;
}

/**
 * One service in the sandbox: its AWS side (DynamoDB on dynalite, an SQS inbound queue), its
 * Azure side (Cosmos DB on cosmosdb-server, a Service Bus inbound queue), the bridge between them
 * and its weighted router.
 */
export class ServiceSandbox {
  regions!: Record<RegionName, SandboxRegion>;
  router!: WeightedRouter;
  /** Chaos switched on and off, for the charts' time axis. */
  readonly events = new ServiceEvents();
  private restoreCosmosState?: () => Promise<void>;

  constructor(private readonly options: ServiceSandboxOptions) {}

  get id() {
    return this.options.id;
  }

  /**
   * Anti-entropy steps further apart than this belong to different rounds: a quarter of the
   * round interval, since the regions' rounds start half an interval apart and a round's steps
   * follow each other within seconds.
   */
  get antiEntropyRoundGapMs(): number {
    return (
      (this.options.jobs?.reconcileIntervalMs ??
        DEFAULT_SCHEDULED_JOBS.reconcileIntervalMs) / 4
    );
  }

  async start(): Promise<void> {
    const { id, infra } = this.options;
    const tableName = `${id}-items`;
    // dynalite has no Streams: the emulated stream polls a version index only emulators carry.
    await ensureDynamoDbTable(
      infra.dynamo,
      tableName,
      VERSION_INDEX_TABLE_SCHEMA,
    );
    const container = await ensureCosmosContainer(
      infra.cosmos,
      'sandbox',
      `${id}-items`,
    );
    const parkedContainer = await ensureCosmosContainer(
      infra.cosmos,
      'sandbox',
      `${id}-parked`,
    );
    const cosmosStore = new JournaledStore(
      new CosmosStore({ container }),
      join(infra.dataDir, 'cosmos', `${id}-items.ndjson`),
    );
    await cosmosStore.restore();
    // Replayed through a store of its own: the region's store remembers versions it wrote, and
    // would take the journal's events for stale although the restarted server lost them.
    this.restoreCosmosState = async () => {
      const fresh = await ensureCosmosContainer(
        infra.cosmos,
        'sandbox',
        `${id}-items`,
      );
      await new JournaledStore(
        new CosmosStore({ container: fresh }),
        join(infra.dataDir, 'cosmos', `${id}-items.ndjson`),
      ).restore();
    };

    const toAwsName = `${id}-to-aws`;
    const { QueueUrl: awsDlq } = await infra.sqs.send(
      new CreateQueueCommand({ QueueName: `${toAwsName}-dlq` }),
    );
    const { QueueUrl: awsInboundUrl } = await infra.sqs.send(
      new CreateQueueCommand({
        QueueName: toAwsName,
        Attributes: {
          VisibilityTimeout: '10',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:local:000000000000:${toAwsName}-dlq`,
            maxReceiveCount: 5,
          }),
        },
      }),
    );
    // The stream mapping's on-failure destination: no redrive policy, so a range that cannot be
    // re-sent yet stays until it can (SQS keeps a message up to 14 days).
    const { QueueUrl: relayFailuresDlq } = await infra.sqs.send(
      new CreateQueueCommand({ QueueName: `${id}-aws-relay-failures-dlq` }),
    );
    const { QueueUrl: relayFailuresUrl } = await infra.sqs.send(
      new CreateQueueCommand({
        QueueName: `${id}-aws-relay-failures`,
        Attributes: { VisibilityTimeout: '10' },
      }),
    );
    const toAzure = `${id}-to-azure`;
    const awsInbound = new SqsTransport({
      client: infra.sqs,
      queueUrl: awsInboundUrl!,
      deadLetterQueueUrl: awsDlq!,
    });
    const azureInbound = new ServiceBusTransport({
      client: infra.serviceBus,
      queueName: toAzure,
      counts: () =>
        fetch(`${infra.serviceBusAdminUrl}/queues/${toAzure}`).then(r =>
          r.json(),
        ),
    });

    this.regions = {
      aws: new SandboxRegion({
        service: id,
        name: 'aws',
        store: new DynamoDbStore({ client: infra.dynamo, tableName }),
        index: new DynamoDbVersionIndex({ client: infra.dynamo, tableName }),
        inbound: awsInbound,
        outbound: azureInbound,
        deploy: resources =>
          deployAwsFunctions(resources, {
            deadLetters: new SqsSender({
              client: infra.sqs,
              queueUrl: awsDlq!,
            }),
            relayFailures: new SqsTransport({
              client: infra.sqs,
              queueUrl: relayFailuresUrl!,
              deadLetterQueueUrl: relayFailuresDlq!,
            }),
            deadLetterQueue: new SqsDeadLetterQueue({
              client: infra.sqs,
              queueUrl: awsInboundUrl!,
              deadLetterQueueUrl: awsDlq!,
            }),
            jobs: this.options.jobs,
          }),
        dataDir: infra.dataDir,
        port: this.options.ports?.aws ?? 0,
        clock: this.options.clock,
        feedCadence: this.options.feedCadence,
      }),
      azure: new SandboxRegion({
        service: id,
        name: 'azure',
        store: cosmosStore,
        index: new CosmosVersionIndex(container),
        inbound: azureInbound,
        outbound: awsInbound,
        deploy: resources =>
          deployAzureFunctions(resources, {
            parking: new CosmosParkingLot(parkedContainer),
            deadLetterQueue: new ServiceBusDeadLetterQueue({
              client: infra.serviceBus,
              queueName: toAzure,
            }),
            // Half an interval after AWS's rounds, as the clouds' schedules are apart.
            jobs: { reconcilePhase: 0.5, ...this.options.jobs },
          }),
        dataDir: infra.dataDir,
        port: this.options.ports?.azure ?? 0,
        clock: this.options.clock,
        feedCadence: this.options.feedCadence,
      }),
    };
    await Promise.all(Object.values(this.regions).map(r => r.start()));
    this.router = new WeightedRouter({
      regions: {
        aws: () => this.regions.aws.url,
        azure: () => this.regions.azure.url,
      },
      weights: this.options.weights,
      intervalMs: this.options.healthIntervalMs ?? 1000,
      failureThreshold: 2,
      onWeightsChanged: () => this.options.onWeightsChanged?.(),
    });
    this.router.start();
  }

  /** After cosmosdb-server restarted empty: its container again, and the journal replayed. */
  async restoreCosmos(): Promise<void> {
    await this.restoreCosmosState?.();
  }

  async stop(): Promise<void> {
    this.router?.stop();
    await Promise.all(Object.values(this.regions ?? {}).map(r => r.stop()));
  }
}
