import type {
  AntiEntropyRound,
  CloudId,
  CloudInfo,
  CloudMetrics,
  DeadLetterEntry,
  CloudResult,
  HealthCheck,
  HealthState,
  MetricRange,
  ReplicationLag,
  ReplayResult,
  ServiceEvent,
} from '@multicloud/backstage-plugin-multicloud-common';

/**
 * Where one multi-cloud service's parts live, read from its catalog annotations (documented in
 * the backend plugin's README). Providers receive this, never the raw entity.
 *
 * @public
 */
export interface ServiceLocation {
  /** The catalog entity's ref, e.g. `component:default/orders`. */
  entityRef: string;
  /** The service's name in the clouds (and in the sandbox). */
  serviceId: string;
  /** The provider's name: `sandbox`, `cloud`, or one a provider module adds. */
  provider: string;
  /**
   * Where the service runs in each cloud, by cloud id: the account (the AWS account, the Azure
   * subscription, ...) and the region, each null when its annotation is missing. Built-in clouds
   * are always present; other clouds when their annotations are.
   */
  locations: Record<CloudId, CloudLocation>;
  /** `route53`, `traffic-manager` or `front-door`. */
  routing: 'route53' | 'traffic-manager' | 'front-door';
  /** The weighted records of `route53` routing. */
  route53: { zoneId: string; domain: string } | null;
  /** The resource group of the Traffic Manager profile or Front Door of the global routing. */
  azureRoutingResourceGroup: string | null;
}

/**
 * Where a service runs in one cloud.
 *
 * @public
 */
export interface CloudLocation {
  /** The AWS account id, the Azure subscription id, or another cloud's account. */
  account: string | null;
  /** The region the service runs in on that cloud, e.g. `eu-west-1`. */
  region: string | null;
}

/**
 * The service's location in `cloud`; both null when it names none.
 *
 * @public
 */
export function locationOf(
  service: ServiceLocation,
  cloud: CloudId,
): CloudLocation {
  return service.locations[cloud] ?? { account: null, region: null };
}

/**
 * The ids of a provider's clouds, in display order.
 *
 * @public
 */
export function cloudIdsOf(clouds: readonly CloudInfo[]): CloudId[] {
  return clouds.map(c => c.id);
}

/**
 * One cloud's health as its global routing health checks see it.
 *
 * @public
 */
export interface HealthReading {
  /** The cloud's region as the portal shows it (the service's, else the provider's own). */
  region: string;
  /** `unknown` when the checks say nothing; a failover refuses to send traffic there. */
  health: HealthState;
  /** ISO time since when the health has been what it is, where the source says. */
  healthSince: string | null;
  /** The latest health check, where the source has one. */
  lastCheck: HealthCheck | null;
  /** Why a figure of this cloud could not be read, in words; null when all were. */
  lastError: string | null;
}

/**
 * The latest request figures of one cloud (the recent window, e.g. the last 5 minutes).
 *
 * @public
 */
export interface CurrentMetrics {
  /** Requests per second the cloud answered; null when not read. */
  requestsPerSecond: number | null;
  /** Median latency of those requests, in ms. */
  latencyP50Ms: number | null;
  /** 99th percentile latency of those requests, in ms. */
  latencyP99Ms: number | null;
  /** Failed share of the requests meant for the cloud, failures at the global routing included. */
  errorRate: number | null;
  /** Requests per second meant for the cloud that failed at the global routing, where it is measured. */
  failedAtRouterPerSecond: number | null;
  /**
   * Share of the requests the global routing sent to the cloud, where the routing counts them
   * (the sandbox's router); otherwise the status derives it from all its clouds' request rates.
   */
  trafficShare?: number | null;
  /** ISO end of the newest data these figures rest on; null when the source has none. */
  asOf: string | null;
}

/**
 * Replication into one cloud: lag, and its inbound queue and dead-letter queue.
 *
 * @public
 */
export interface ReplicationReading {
  /** How far replication into this cloud is behind (see `lagNow`). */
  replicationLag: ReplicationLag;
  /** Events waiting in the cloud's inbound queue. */
  queueDepth: number | null;
  /** Events in the inbound queue's dead-letter queue. */
  deadLetterDepth: number | null;
  /** ISO time of the newest data the lag and depths rest on. */
  asOf: string | null;
}

/**
 * What replication's self-healing did on one cloud: the dead-letter redriver's counts and the
 * anti-entropy reconciler's last round, each with the time of the data it rests on.
 *
 * @public
 */
export interface RecoveryReading {
  /** The dead-letter redriver's last run. */
  deadLetters: {
    /** Dead letters left for a person (poison, or past their last automatic re-drive). */
    awaitingPerson: number | null;
    /** Dead letters sent back to the queue over the last hour. */
    redrivenLastHour: number | null;
    /** ISO end of the redriver's newest reported run; null when none was reported. */
    asOf: string | null;
  };
  /** The anti-entropy reconciler's last round; null when none was reported in the last hour. */
  antiEntropy: AntiEntropyRound | null;
}

/**
 * How old each group of a provider's figures may be and still stand for now, in ms: the
 * source's own reporting period and delay, plus one status refresh.
 *
 * @public
 */
export interface FreshnessLimits {
  /** Request figures (`CurrentMetrics`). */
  requestsMs: number;
  /** Replication lag and queue depths (`ReplicationReading`). */
  replicationMs: number;
  /** The redriver's figures: its schedule (every minute) plus the source's delay. */
  deadLettersMs: number;
  /** The reconciler's last round: the round interval plus the source's delay. */
  antiEntropyMs: number;
}

/**
 * The lag into a cloud now: the larger of the last applied event's lag and the oldest wait.
 *
 * @public
 */
export function lagNow(
  appliedMs: number | null,
  oldestWaitingMs: number | null,
): number | null {
  if (appliedMs === null && oldestWaitingMs === null) return null;
  return Math.max(appliedMs ?? 0, oldestWaitingMs ?? 0);
}

/**
 * Traffic weights by cloud id: one whole percentage (0 to 100) per cloud of the service.
 *
 * @public
 */
export type Weights = Record<CloudId, number>;

/**
 * A result per cloud; a cloud that could not be read is an error entry, never a thrown error.
 *
 * @public
 */
export type PerCloud<T> = CloudResult<T>[];

/**
 * Each cloud's health, as the global routing's checks (or a direct probe) see it.
 *
 * @public
 */
export interface HealthSource {
  /** One reading per cloud of the provider. */
  getHealth(service: ServiceLocation): Promise<PerCloud<HealthReading>>;
}

/**
 * Each cloud's request figures: the latest, and time series for the charts.
 *
 * @public
 */
export interface MetricsSource {
  /** The latest figures per cloud. */
  getCurrent(service: ServiceLocation): Promise<PerCloud<CurrentMetrics>>;
  /** Series per cloud over `range`, one point per `stepSeconds` (see `windowFor`). */
  getSeries(
    service: ServiceLocation,
    range: MetricRange,
  ): Promise<{
    stepSeconds: number;
    clouds: PerCloud<CloudMetrics>;
    /** What was done to the service in the range, where the provider knows (sandbox chaos). */
    events?: ServiceEvent[];
  }>;
}

/**
 * The routing's id of an accepted change to wait for, or null when the weights alone tell.
 *
 * @public
 */
export type RoutingChange = string | null;

/**
 * The global routing: Route53 weighted records, Traffic Manager, Front Door, or the sandbox router.
 *
 * @public
 */
export interface TrafficController {
  /** Throws when the weights cannot be read: without them no failover can be planned. */
  getWeights(service: ServiceLocation): Promise<Weights>;
  /**
   * Asks for the new weights; returns once the change is accepted (not yet in effect), with the
   * routing's id of the change to wait for (Route53's change id) or null. The failover keeps it
   * with the attempt, so a restarted backend can resume the wait.
   */
  setWeights(
    service: ServiceLocation,
    weights: Weights,
  ): Promise<RoutingChange>;
  /**
   * True once the weights are in effect (Route53 change INSYNC, Traffic Manager endpoints
   * updated, the sandbox router serving them). Called repeatedly by the verify step, with the
   * change `setWeights` returned.
   */
  isInEffect(
    service: ServiceLocation,
    weights: Weights,
    change?: RoutingChange,
  ): Promise<boolean>;
}

/**
 * Replication into each cloud: lag, queues, dead letters and self-healing.
 *
 * @public
 */
export interface ReplicationInspector {
  /** Lag and queue depths per cloud. */
  getReplication(
    service: ServiceLocation,
  ): Promise<PerCloud<ReplicationReading>>;
  /** The redriver's and the reconciler's figures per cloud. */
  getRecovery(service: ServiceLocation): Promise<PerCloud<RecoveryReading>>;
  /** The first `max` dead letters of the cloud's inbound queue, left where they are. */
  listDeadLetters(
    service: ServiceLocation,
    cloud: CloudId,
    max: number,
  ): Promise<DeadLetterEntry[]>;
  /** Moves the cloud's dead-lettered events back to its inbound queue. */
  replayDeadLetters(
    service: ServiceLocation,
    cloud: CloudId,
  ): Promise<ReplayResult>;
}

/**
 * Everything the backend needs from one provider, chosen per service by its annotation.
 *
 * @public
 */
export interface MulticloudProvider {
  /** What the `multicloud.io/provider` annotation of its services says; unique in a backend. */
  readonly name: string;
  /** The clouds of the provider's services, in display order. */
  readonly clouds: readonly CloudInfo[];
  /** How old each group of its figures may be before the portal shows them as stale. */
  readonly freshness: FreshnessLimits;
  /**
   * How often the statuses of its services that somebody watches are read again, when it is
   * not the configured `multicloud.status.refreshSeconds`.
   */
  readonly refreshMs?: number;
  /** Each cloud's health. */
  readonly health: HealthSource;
  /** Each cloud's request figures and series. */
  readonly metrics: MetricsSource;
  /** The global routing's weights. */
  readonly traffic: TrafficController;
  /** Replication into each cloud, its queues and dead letters. */
  readonly replication: ReplicationInspector;
}

/**
 * The short form of an error for a per-cloud error entry.
 *
 * @public
 */
export function toCloudError(
  cloud: CloudId,
  error: unknown,
): CloudResult<never> {
  const e = error as Error;
  return {
    cloud,
    ok: false,
    error: { message: e?.message ?? String(error), name: e?.name },
  };
}

/** @public */
export function windowFor(range: MetricRange): {
  seconds: number;
  stepSeconds: number;
} {
  switch (range) {
    case '1h':
      return { seconds: 3600, stepSeconds: 60 };
    case '6h':
      return { seconds: 6 * 3600, stepSeconds: 300 };
    case '24h':
      return { seconds: 24 * 3600, stepSeconds: 900 };
    case '7d':
      return { seconds: 7 * 24 * 3600, stepSeconds: 3600 };
    default:
      throw new Error(`unknown range ${range as string}`);
  }
}
