import {
  DeadLetterRedriver,
  inboundBodyProblem,
  Reconciler,
  REDRIVE_BACKOFF_MS,
  type DeadLetterQueue,
  type MessageSender,
  type MetricsSink,
  type Store,
} from '@multicloud/runtime';
import type { RegionStats } from '../stats/RegionStats';

export interface RegionJobsSchedule {
  /** How often dead letters are looked at (the clouds: every minute). */
  redriveIntervalMs: number;
  /** Delays of the re-drives (the clouds: 1, 5 and 15 minutes). */
  redriveBackoffMs: number[];
  /** How often an anti-entropy round starts (the clouds: every 15 minutes; here, every 5). */
  reconcileIntervalMs: number;
  /** Writes younger than this are left to the relay (the clouds: 60 s). */
  reconcileSettleMs: number;
  /**
   * When in the interval this region's rounds start, as a fraction: the regions' rounds are
   * spread, as the clouds' schedules are (AWS on the quarter hours, Azure 7 minutes later), since
   * two rounds at once find the same differences and repair each twice.
   */
  reconcilePhase: number;
}

export const DEFAULT_REGION_JOBS: RegionJobsSchedule = {
  redriveIntervalMs: 60_000,
  redriveBackoffMs: REDRIVE_BACKOFF_MS,
  reconcileIntervalMs: 5 * 60_000,
  reconcileSettleMs: 60_000,
  reconcilePhase: 0,
};

export interface RegionJobsOptions {
  region: string;
  store: Store;
  /** The other region's inbound queue. */
  outbound: MessageSender;
  /** This region's inbound dead letters; no redrive without. */
  deadLetters?: DeadLetterQueue;
  stats: RegionStats;
  /** False while the region or the bridge is down (chaos): the jobs wait. */
  active: () => boolean;
  schedule?: Partial<RegionJobsSchedule>;
}

/**
 * The scheduled jobs of one sandbox region, as the clouds run them on schedules (EventBridge
 * Scheduler, the Functions timer): the dead-letter redriver and the anti-entropy reconciler,
 * whose figures go to the region's stats. The reconciler also answers the other region's
 * anti-entropy messages (the region's applier hands them over).
 */
export class RegionJobs {
  readonly reconciler: Reconciler;
  private readonly redriver?: DeadLetterRedriver;
  private readonly schedule: RegionJobsSchedule;

  constructor(private readonly options: RegionJobsOptions) {
    this.schedule = { ...DEFAULT_REGION_JOBS, ...options.schedule };
    const { stats } = options;
    const metrics: MetricsSink = {
      replicationLag: () => undefined,
      count: () => undefined,
      antiEntropy: counts => stats.recordAntiEntropy(counts),
      deadLetters: counts => stats.recordRedrive(counts),
    };
    this.reconciler = new Reconciler({
      region: options.region,
      store: options.store,
      peer: options.outbound,
      metrics,
      settleMs: this.schedule.reconcileSettleMs,
    });
    if (options.deadLetters)
      this.redriver = new DeadLetterRedriver({
        deadLetters: options.deadLetters,
        problemWith: inboundBodyProblem,
        ready: () => options.store.ping(),
        // The sandbox's Service Bus fake locks for 10 s: a run ends well before.
        maxRunMs: 5000,
        metrics,
        backoffMs: this.schedule.redriveBackoffMs,
      });
  }

  /** Runs both jobs on their intervals while `running()` holds. */
  async run(running: () => boolean): Promise<void> {
    const every = async (
      intervalMs: number,
      name: string,
      job: () => Promise<unknown>,
      offsetMs = 0,
    ) => {
      let next = Date.now() + intervalMs + offsetMs;
      while (running()) {
        if (Date.now() >= next) {
          next = Date.now() + intervalMs;
          if (this.options.active()) {
            try {
              await job();
            } catch (error) {
              this.options.stats.lastError = `${name}: ${
                (error as Error).message
              }`;
            }
          }
        }
        await new Promise(r => setTimeout(r, Math.min(100, intervalMs)));
      }
    };
    const redriver = this.redriver;
    await Promise.all([
      redriver
        ? every(this.schedule.redriveIntervalMs, 'redrive', () =>
            redriver.runOnce(),
          )
        : undefined,
      every(
        this.schedule.reconcileIntervalMs,
        'reconcile',
        () => this.reconciler.startRound(),
        this.schedule.reconcilePhase * this.schedule.reconcileIntervalMs,
      ),
    ]);
  }
}
