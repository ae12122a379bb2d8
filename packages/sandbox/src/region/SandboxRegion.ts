import { getRequestListener } from '@hono/node-server';
import {
  createApi,
  FileCheckpointStore,
  formatVersion,
  HybridLogicalClock,
  InFlightWrites,
  ItemService,
  toStoredItem,
  type MessageSender,
  type MetricsSink,
  type Store,
  type Transport,
  type VersionIndex,
} from '@multicloud/runtime';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RegionStats } from '../stats/RegionStats';
import type { Deployment, RegionResources } from '../triggers/deployments';
import { EmulatedChangeFeed } from '../triggers/EmulatedChangeFeed';
import { type TriggerClock, wallClock } from '../triggers/TriggerClock';
import { createSandboxServer } from '../protocolErrors';
import { ChaosSender, ChaosStore, type ChaosMode } from './chaos';

export type RegionName = 'aws' | 'azure';

export interface SandboxRegionOptions {
  service: string;
  name: RegionName;
  store: Store;
  /** The store's version index, which the emulated change feed polls. */
  index: VersionIndex;
  /** This region's inbound queue (events from the other region). */
  inbound: Transport;
  /** The other region's inbound queue. */
  outbound: MessageSender;
  /** Deploys the region's functions on their triggers (see triggers/deployments.ts). */
  deploy: (resources: RegionResources) => Deployment;
  dataDir: string;
  port: number;
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

/** See `SandboxRegionOptions.feedCadence`. */
export type FeedCadence = 'commit' | 'cloud';

/**
 * One cloud of one service in the sandbox: the runtime's HTTP API and store, and the cloud's own
 * functions (relay, apply, re-sends, the dead-letter redriver and the anti-entropy reconciler)
 * run by the trigger harness with the delivery rules the cloud
 * documents, on local emulators and fakes.
 */
export class SandboxRegion {
  readonly stats = new RegionStats();
  url = '';
  private mode: ChaosMode = 'none';
  private server?: Server;
  private running = false;
  private depthLoop?: Promise<void>;
  private readonly store: ChaosStore;
  private readonly items: ItemService;
  private readonly deployment: Deployment;

  constructor(private readonly options: SandboxRegionOptions) {
    const inFlight = new InFlightWrites();
    const feed = new EmulatedChangeFeed({
      index: options.index,
      region: options.name,
      inFlight,
    });
    this.store = new ChaosStore(
      options.store,
      () => this.mode,
      event => {
        // A local commit: the change feed has something new, so the feed trigger polls now.
        if (event.source_region !== options.name) return;
        feed.committed(toStoredItem(event));
        if (options.feedCadence !== 'cloud')
          this.deployment.feedTrigger.notify?.();
      },
    );
    const stats = this.stats;
    const metrics: MetricsSink = {
      replicationLag: ms => stats.recordLag(ms),
      count: () => undefined,
      antiEntropy: counts => stats.recordAntiEntropy(counts),
      deadLetters: counts => stats.recordRedrive(counts),
    };
    this.items = new ItemService({
      store: this.store,
      clock: new HybridLogicalClock({ region: options.name }),
      inFlight,
    });
    this.deployment = options.deploy({
      region: options.name,
      store: this.store,
      index: options.index,
      feed,
      position: new FileCheckpointStore(
        join(
          options.dataDir,
          'checkpoints',
          `${options.service}-${options.name}`,
        ),
      ),
      inbound: options.inbound,
      peer: new ChaosSender(options.outbound, () => this.mode),
      metrics,
      clock: options.clock ?? wallClock,
      onError: (trigger, error) => {
        this.stats.lastError = `${trigger}: ${error.message}`;
      },
    });
  }

  get name(): RegionName {
    return this.options.name;
  }

  get inbound(): Transport {
    return this.options.inbound;
  }

  get chaos(): ChaosMode {
    return this.mode;
  }

  /** A region that is down runs no function; its triggers resume, from where they were, after. */
  set chaos(mode: ChaosMode) {
    const wasDown = this.mode === 'down';
    this.mode = mode;
    if (!this.running) return;
    if (mode === 'down' && !wasDown)
      void Promise.all(this.deployment.triggers.map(t => t.stop()));
    if (mode !== 'down' && wasDown)
      for (const t of this.deployment.triggers) t.start();
  }

  /**
   * Runs one of the region's scheduled functions now (`redrive`, `reconcile`), as invoking it by
   * hand in the cloud would, instead of waiting for its timer.
   */
  /** Invocations of each of the region's functions by its triggers so far. */
  get invocations(): Readonly<Record<string, number>> {
    return this.deployment.invocations;
  }

  async runScheduled(name: keyof Deployment['scheduled']): Promise<unknown> {
    return this.deployment.scheduled[name]();
  }

  /**
   * Puts a poison event on this region's inbound queue, as the other region would send it with
   * its clock an hour fast: well formed, so only the applier's clock check refuses it (the
   * allowed drift is 500 ms). AWS's apply dead-letters it with its reason; Azure's fails its
   * deliveries until Service Bus dead-letters it, and the redriver's next run records the reason.
   * For people and browser tests to see a dead letter that waits for them.
   */
  async injectPoison(): Promise<{ eventId: string; key: string }> {
    const from = this.options.name === 'aws' ? 'azure' : 'aws';
    const wallMs = (this.options.clock ?? wallClock).now() + 3_600_000;
    const event = {
      event_id: randomUUID(),
      source_region: from,
      op_type: 'put' as const,
      key: `poison-${randomUUID().slice(0, 8)}`,
      payload: { poison: true },
      timestamp: wallMs,
      version: formatVersion({ wallMs, counter: 0, region: from }),
    };
    await this.options.inbound.send([
      {
        id: event.event_id,
        body: JSON.stringify(event),
        attributes: { source_region: from, version: event.version },
      },
    ]);
    return { eventId: event.event_id, key: event.key };
  }

  async start(): Promise<void> {
    const api = createApi({
      items: this.items,
      whoami: {
        cloud: this.options.name,
        region: 'local',
        instance: `sandbox-${this.options.service}-${this.options.name}`,
        version: 'sandbox',
      },
      health: [
        { name: 'store', check: () => this.store.ping() },
        {
          name: 'queue',
          check: async () => void (await this.options.inbound.depth()),
        },
      ],
    });
    const listener = getRequestListener(api.fetch);
    // A region that is down does not answer at all, as an unreachable endpoint would not: not
    // a well-formed request, nor one Node's parser refuses (createSandboxServer).
    this.server = createSandboxServer(
      (req, res) => {
        const started = performance.now();
        res.on('finish', () => {
          if (req.url !== '/health')
            this.stats.recordRequest(
              performance.now() - started,
              res.statusCode,
            );
          if (res.statusCode >= 500)
            this.stats.lastError = `${req.method} ${req.url} answered ${res.statusCode}`;
        });
        void listener(req, res);
      },
      { unreachable: () => this.mode === 'down' },
    );
    await new Promise<void>(resolve =>
      this.server!.listen(this.options.port, '127.0.0.1', resolve),
    );
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
    this.running = true;
    if (this.mode !== 'down')
      for (const t of this.deployment.triggers) t.start();
    this.depthLoop = this.recordDepths();
  }

  async stop(): Promise<void> {
    this.running = false;
    const server = this.server;
    if (server) {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await Promise.all(this.deployment.triggers.map(t => t.stop()));
    await this.depthLoop;
  }

  private async recordDepths() {
    while (this.running) {
      try {
        const depth = await this.options.inbound.depth();
        this.stats.recordDepths(
          depth.active + depth.inFlight,
          depth.deadLettered,
        );
      } catch {
        // The queue's reachability shows in /health; the chart just has a gap.
      }
      for (let slept = 0; this.running && slept < 2000; slept += 100)
        await new Promise(r => setTimeout(r, 100));
    }
  }
}
