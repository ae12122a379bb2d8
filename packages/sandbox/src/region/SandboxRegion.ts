import { getRequestListener } from '@hono/node-server';
import {
  InboundApplier,
  createApi,
  FileCheckpointStore,
  HybridLogicalClock,
  InFlightWrites,
  ItemService,
  PollingChangeFeed,
  Relay,
  toStoredItem,
  type DeadLetterQueue,
  type MetricsSink,
  type StoredItem,
  type Store,
  type Transport,
  type VersionIndex,
} from '@multicloud/runtime';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RegionStats } from '../stats/RegionStats';
import { ChaosStore, type ChaosMode } from './chaos';
import { RegionJobs, type RegionJobsSchedule } from './scheduledJobs';

export type RegionName = 'aws' | 'azure';

export interface SandboxRegionOptions {
  service: string;
  name: RegionName;
  store: Store & VersionIndex;
  /** This region's inbound queue (events from the other region). */
  inbound: Transport;
  /** The other region's inbound queue. */
  outbound: Transport;
  dataDir: string;
  port: number;
  /** How often the relay looks for new committed writes (the change feed's poll interval). */
  relayIntervalMs?: number;
  /**
   * How many batches of inbound events are applied at once, as Lambda's SQS event source and the
   * Functions Service Bus trigger run several batches side by side. Default 4.
   */
  applyConcurrency?: number;
  /** This region's inbound dead letters, for the redriver. */
  deadLetters?: DeadLetterQueue;
  /** Intervals of the redriver and the reconciler (scheduledJobs.ts has the defaults). */
  jobs?: Partial<RegionJobsSchedule>;
}

/**
 * One cloud of one service in the sandbox: the runtime's HTTP API, its store, its change feed and
 * relay to the other cloud, and its applier of the other cloud's events: the code paths a
 * deployed service runs, on local emulators and fakes.
 */
export class SandboxRegion {
  readonly stats = new RegionStats();
  chaos: ChaosMode = 'none';
  url = '';
  private server?: Server;
  private running = false;
  private loops: Promise<void>[] = [];
  private wake?: () => void;
  /** Local writes committed since the relay last ran: sent at once, the feed poll is the net. */
  private committed: StoredItem[] = [];
  private readonly store: ChaosStore;
  private readonly relay: Relay;
  private readonly applier: InboundApplier;
  readonly jobs: RegionJobs;
  private readonly items: ItemService;

  constructor(private readonly options: SandboxRegionOptions) {
    this.store = new ChaosStore(
      options.store,
      () => this.chaos,
      event => {
        if (event.source_region === options.name) {
          this.committed.push(toStoredItem(event));
          this.wakeRelay();
        }
      },
    );
    const clock = new HybridLogicalClock({ region: options.name });
    const inFlight = new InFlightWrites();
    const stats = this.stats;
    const metrics: MetricsSink = {
      replicationLag: ms => stats.recordLag(ms),
      count: () => undefined,
    };
    this.items = new ItemService({ store: this.store, clock, inFlight });
    this.relay = new Relay({
      region: options.name,
      feed: new PollingChangeFeed({
        index: this.store,
        region: options.name,
        inFlight,
      }),
      checkpoints: new FileCheckpointStore(
        join(
          options.dataDir,
          'checkpoints',
          `${options.service}-${options.name}`,
        ),
      ),
      outbound: options.outbound,
      metrics,
    });
    this.jobs = new RegionJobs({
      region: options.name,
      store: this.store,
      outbound: options.outbound,
      deadLetters: options.deadLetters,
      stats: this.stats,
      active: () => this.bridgeUp,
      schedule: options.jobs,
    });
    this.applier = new InboundApplier({
      store: this.store,
      clock,
      metrics,
      reconciler: this.jobs.reconciler,
    });
  }

  get name(): RegionName {
    return this.options.name;
  }

  get inbound(): Transport {
    return this.options.inbound;
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
    this.server = createServer((req, res) => {
      // A region that is down does not answer at all, as an unreachable endpoint would not.
      if (this.chaos === 'down') {
        req.socket.destroy();
        return;
      }
      const started = performance.now();
      res.on('finish', () => {
        if (req.url !== '/health')
          this.stats.recordRequest(performance.now() - started, res.statusCode);
        if (res.statusCode >= 500)
          this.stats.lastError = `${req.method} ${req.url} answered ${res.statusCode}`;
      });
      void listener(req, res);
    });
    await new Promise<void>(resolve =>
      this.server!.listen(this.options.port, '127.0.0.1', resolve),
    );
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
    this.running = true;
    this.loops = [
      this.relayLoop(),
      this.feedLoop(),
      ...Array.from({ length: this.options.applyConcurrency ?? 4 }, () =>
        this.applyLoop(),
      ),
      this.depthLoop(),
      this.jobs.run(() => this.running),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeRelay();
    const server = this.server;
    if (server) {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await Promise.all(this.loops);
  }

  private wakeRelay() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private get bridgeUp() {
    return this.chaos === 'none' || this.chaos === 'store-failure';
  }

  /**
   * Relays each committed local write to the other region as soon as it commits, unless the
   * bridge or the region is down. What this misses (an outage, a restart, a failed send) the
   * change feed loop below catches up on.
   */
  private async relayLoop() {
    // Several sends in flight, so one slow send does not hold back the writes behind it; the
    // order of delivery does not matter, the newest version wins on the other side.
    const sending = new Set<Promise<void>>();
    while (this.running) {
      if (!this.bridgeUp) this.committed = [];
      while (this.bridgeUp && this.committed.length && sending.size < 4) {
        const batch = this.committed.splice(0, 100);
        const send = this.relay
          .relayChanges(batch)
          .then(
            () => undefined,
            error => {
              this.stats.lastError = `relay: ${(error as Error).message}`;
            },
          )
          .finally(() => {
            sending.delete(send);
            this.wakeRelay();
          });
        sending.add(send);
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, 200);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await Promise.all(sending);
  }

  /**
   * The safety net: a poll of the change feed every second, which sends what the fast path did
   * not (the feed skips what was already sent). A loop of its own, so that a long catch-up never
   * holds back the writes committing meanwhile; a write both paths send is applied once, the
   * second delivery being stale.
   */
  private async feedLoop() {
    while (this.running) {
      const started = Date.now();
      if (this.bridgeUp) {
        try {
          await this.relay.drain();
        } catch (error) {
          this.stats.lastError = `relay: ${(error as Error).message}`;
        }
      }
      const wait =
        (this.options.relayIntervalMs ?? 1000) - (Date.now() - started);
      for (let slept = 0; this.running && slept < wait; slept += 100)
        await sleep(Math.min(100, wait - slept));
    }
  }

  /** Applies the other region's events as they arrive (long poll). */
  private async applyLoop() {
    while (this.running) {
      if (this.chaos === 'down') {
        await sleep(200);
        continue;
      }
      try {
        // Large batches applied in parallel keep up with the inbound rate; SQS caps them at 10.
        // Long polls: an event is handed over the moment it arrives, without spinning.
        const outcomes = await this.applier.pollOnce(this.options.inbound, {
          maxMessages: 32,
          waitTimeMs: 1000,
        });
        const failed = outcomes.find(
          o => o.outcome === 'retry' || o.outcome === 'rejected',
        );
        if (failed) {
          this.stats.lastError = `apply: ${
            failed.outcome === 'retry' ? failed.error.message : failed.reason
          }`;
          await sleep(100);
        }
      } catch (error) {
        if (!this.running) return;
        this.stats.lastError = `apply: ${(error as Error).message}`;
        await sleep(500);
      }
    }
  }

  private async depthLoop() {
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
      await sleep(2000);
    }
  }
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
