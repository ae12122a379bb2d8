import { SQSClient } from '@aws-sdk/client-sqs';
import { ServiceBusClient } from '@azure/service-bus';
import { getRequestListener } from '@hono/node-server';
import { cosmosClientFor, dynamoDbClientFor } from '@multicloud/cloud-fakes';
import {
  startEmulatorProcess,
  type EmulatorChild,
  type EmulatorKind,
} from './emulators/startEmulators';
import type { ScheduledJobsSettings } from './triggers/deployments';
import type { TriggerClock } from './triggers/TriggerClock';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createControlApi } from './control/controlApi';
import type { SandboxPorts } from './ports';
import { createSandboxServer } from './protocolErrors';
import { refuseDotSegments } from './requestTarget';
import { createRouterServer } from './router/routerServer';
import type { FeedCadence, RegionName } from './region/SandboxRegion';
import { HostedServices } from './HostedServices';
import { ServiceSandbox, type SharedInfrastructure } from './ServiceSandbox';
import { WireCounts } from './stats/WireCounts';

export interface SandboxOptions {
  /** Where every part keeps its state, so a restart loses no acknowledged write. */
  dataDir: string;
  /** Loopback ports; 0 picks free ones (tests). The default service's regions use `aws` and `azure`. */
  ports: SandboxPorts;
  /** Services hosted from the start (more can be added through the control API). */
  services?: string[];
  /**
   * How many services the control API may bring the sandbox to (default DEFAULT_MAX_SERVICES);
   * past it `PUT /api/services/<id>` is refused with a 409. Those named in `services` or saved
   * in the data folder are hosted at start whatever their number: they were accepted before.
   */
  maxServices?: number;
  healthIntervalMs?: number;
  log?: (line: string) => void;
  /** Intervals of each region's redriver and reconciler (triggers/deployments.ts has the defaults). */
  jobs?: Partial<ScheduledJobsSettings>;
  /** The trigger harness's clock; tests compress time with `scaledClock`. Default: the wall clock. */
  clock?: TriggerClock;
  /**
   * When a region's feed trigger (the relay on the DynamoDB stream or the Cosmos DB change feed)
   * polls. `commit` (the default): also at every local commit, so the sandbox shows the lag of the
   * functions and queues without the poll intervals of the clouds' triggers. `cloud`: only on
   * those documented intervals (the stream 4 times a second, the change feed `feedPollDelay`
   * after it drained), so batches, request counts and lag are the clouds' (docs/cost.md).
   */
  feedCadence?: FeedCadence;
}

export interface RunningSandbox {
  controlUrl: string;
  routerUrl: string;
  services: Map<string, ServiceSandbox>;
  /** The emulator processes, each restarted if it dies. */
  emulators: Record<EmulatorKind, EmulatorChild>;
  /**
   * Requests on the wire so far, by service and operation: the store and SQS clients' (counted
   * by their SDKs' middleware and plugins) and the Service Bus fake's (`servicebus:send`, ...).
   */
  wireCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Each service runs two regions (an HTTP server, tables, queues and timers each) in this one
 * process: twenty is far more than a demo or a test needs and well within one machine.
 */
export const DEFAULT_MAX_SERVICES = 20;

interface SavedState {
  services: { id: string; weights: Record<RegionName, number> }[];
}

/** Starts the whole sandbox in this process: emulators, fakes, services, router, control API. */
export async function startSandbox(
  options: SandboxOptions,
): Promise<RunningSandbox> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  const statePath = join(dataDir, 'sandbox-state.json');
  const saved: SavedState = existsSync(statePath)
    ? JSON.parse(readFileSync(statePath, 'utf8'))
    : { services: [] };

  // Each emulator runs in a process of its own: one Node thread could not serve them all and
  // both regions at 100 replicated writes/s.
  const emulators = await Promise.all([
    startEmulatorProcess('dynalite', join(dataDir, 'dynamodb'), { log }),
    startEmulatorProcess('cosmos', join(dataDir, 'cosmos'), { log }),
    startEmulatorProcess('sqs', join(dataDir, 'sqs'), { log }),
    startEmulatorProcess('servicebus', join(dataDir, 'servicebus'), { log }),
  ]);
  const [dynalite, cosmos, sqs, serviceBus] = emulators.map(e => e.info);
  log(
    `emulators: dynalite ${dynalite.endpoint}, cosmosdb-server ${
      cosmos.endpoint
    }, sqs ${sqs.endpoint}, service bus ${
      serviceBus.connectionString.split(';')[0]
    }`,
  );
  const serviceBusClient = new ServiceBusClient(serviceBus.connectionString);
  // Every request of the regions' store and queue clients, for the cost figures.
  const wire = new WireCounts();
  const dynamo = dynamoDbClientFor(dynalite.endpoint);
  wire.countAws('dynamodb', dynamo);
  const sqsClient = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  wire.countAws('sqs', sqsClient);
  const infra: SharedInfrastructure = {
    dynamo,
    cosmos: cosmosClientFor(cosmos.endpoint, {
      plugins: [wire.cosmosPlugin()],
    }),
    sqs: sqsClient,
    sqsEndpoint: sqs.endpoint,
    serviceBus: serviceBusClient,
    serviceBusAdminUrl: serviceBus.adminUrl,
    dataDir,
  };

  // Assigned below: it creates the services, whose weight changes are saved.
  // eslint-disable-next-line prefer-const
  let hosted: HostedServices<ServiceSandbox>;
  const save = () => {
    const state: SavedState = {
      services: [...hosted.started.values()].map(s => ({
        id: s.id,
        weights: s.router.getWeights(),
      })),
    };
    writeFileSync(statePath, JSON.stringify(state, null, 2));
  };
  const wanted = [
    ...new Set([
      ...(options.services ?? ['orders']),
      ...saved.services.map(s => s.id),
    ]),
  ];
  const defaultService = wanted[0];
  hosted = new HostedServices(
    id => {
      const isDefault = id === defaultService;
      return new ServiceSandbox({
        id,
        infra,
        weights: saved.services.find(s => s.id === id)?.weights ?? {
          aws: 50,
          azure: 50,
        },
        ports: isDefault
          ? { aws: options.ports.aws, azure: options.ports.azure }
          : {},
        healthIntervalMs: options.healthIntervalMs,
        onWeightsChanged: save,
        jobs: options.jobs,
        clock: options.clock,
        feedCadence: options.feedCadence,
      });
    },
    (id, service) => {
      save();
      log(
        `service ${id}: aws ${service.regions.aws.url}, azure ${service.regions.azure.url}`,
      );
    },
  );
  const services = hosted.started;
  for (const id of wanted) await hosted.add(id);
  emulators[1].onRestart(async () => {
    for (const s of services.values()) await s.restoreCosmos();
  });

  const listen = async (server: Server, port: number) => {
    await new Promise<void>(r => server.listen(port, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const routerServer = createRouterServer(() => services, defaultService);
  const routerUrl = await listen(routerServer, options.ports.router);
  const control = createControlApi({
    services: () => services,
    addService: id =>
      hosted.add(id, options.maxServices ?? DEFAULT_MAX_SERVICES),
    routerUrl: () => routerUrl,
  });
  const controlServer = createSandboxServer(
    refuseDotSegments(getRequestListener(control.fetch)),
  );
  const controlUrl = await listen(controlServer, options.ports.control);

  const close = (server: Server) =>
    new Promise<void>(r => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return {
    controlUrl,
    routerUrl,
    services,
    emulators: {
      dynalite: emulators[0],
      cosmos: emulators[1],
      sqs: emulators[2],
      servicebus: emulators[3],
    },
    wireCounts: async () => {
      const res = await fetch(`${serviceBus.adminUrl}/operations`);
      const operations = (await res.json()) as Record<string, number>;
      return {
        ...wire.snapshot(),
        ...Object.fromEntries(
          Object.entries(operations).map(([k, v]) => [`servicebus:${k}`, v]),
        ),
      };
    },
    stop: async () => {
      await Promise.all([close(routerServer), close(controlServer)]);
      await Promise.all([...services.values()].map(s => s.stop()));
      await serviceBusClient.close();
      await Promise.all(emulators.map(e => e.stop()));
    },
  };
}
