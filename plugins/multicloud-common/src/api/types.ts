/**
 * The multi-cloud backend's HTTP API, as types shared by the backend and the frontend.
 * Routes (relative to the plugin's base URL, `/api/multicloud`):
 *
 * - `GET  /services/:kind/:namespace/:name/status` → `ServiceStatus`
 * - `GET  /services/:kind/:namespace/:name/metrics?range=1h|6h|24h|7d` → `MetricsResponse`
 * - `POST /services/:kind/:namespace/:name/failover/plan` body `FailoverRequest` → `FailoverPlan`
 * - `POST /services/:kind/:namespace/:name/failover` body `FailoverRequest` → 202 `FailoverRecord`
 *   with outcome `running`: the protocol goes on in the background and the caller follows it
 *   with `GET .../failover/:id`; 409 with a `FailoverRefusal` when the safety rules refuse, 403
 *   without the permission
 * - `GET  /services/:kind/:namespace/:name/failover/history` → `{ items: FailoverRecord[] }`
 * - `GET  /services/:kind/:namespace/:name/failover/:id` → `FailoverRecord` (to follow progress)
 * - `POST /services/:kind/:namespace/:name/failover/:id/commit` → `FailoverRecord`: commits the
 *   weights of a finished failover whose commit failed, again (same permission as a failover);
 *   409 when there is nothing to retry or a newer failover has changed the weights since
 * - `GET  /services/:kind/:namespace/:name/dlq/:cloud` → `DeadLetterList`
 * - `POST /services/:kind/:namespace/:name/dlq/:cloud/replay` → `ReplayResult`
 * - `GET  /failover/access` → `FailoverAccess` (the caller's failover permission on any service)
 *
 * A cloud's id: `aws`, `azure`, or the id of a cloud a provider module adds.
 *
 * @public
 */
export type CloudId = string;

/**
 * One cloud a service runs on, as the portal shows it. The clouds of a service come from its
 * provider (the sandbox, the `cloud` provider, or one a backend module adds through
 * `multicloudProvidersExtensionPoint`): every list, colour, label and failover target the portal
 * shows is derived from them, so a third cloud needs no change in the frontend.
 *
 * @public
 */
export interface CloudInfo {
  /** Lower-case id, e.g. `aws`, `azure`; never `split` (a failover target of its own). */
  id: CloudId;
  /** The name people read, e.g. `AWS`. */
  label: string;
  /** CSS colour of the cloud in charts and weight bars, e.g. `#ff9900`. */
  color: string;
}

/**
 * The two clouds this product deploys to, in display order. Providers of these two clouds use
 * them; a provider of other clouds declares its own `CloudInfo`s.
 *
 * @public
 */
export const BUILT_IN_CLOUDS: readonly CloudInfo[] = [
  { id: 'aws', label: 'AWS', color: '#ff9900' },
  { id: 'azure', label: 'Azure', color: '#0078d4' },
];

/** @public */
export type HealthState = 'healthy' | 'unhealthy' | 'unknown';

/** @public */
export interface ReplicationLag {
  /**
   * How far replication into this cloud is behind now, in ms: the larger of `appliedMs` and
   * `oldestWaitingMs`, so a queue nobody drains turns the lag red instead of keeping the last
   * good value.
   */
  currentMs: number | null;
  /** Lag of the latest events applied on this cloud that came from the other one (apply time - write time). */
  appliedMs: number | null;
  /** Age of the oldest event still waiting in this cloud's inbound queue (0 when it is empty). */
  oldestWaitingMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

/**
 * When a group of figures was read upstream, and whether it is too old to stand for now.
 *
 * @public
 */
export interface Freshness {
  /** ISO time of the newest data the figures rest on; null when there is none. */
  asOf: string | null;
  /** True when `asOf` is older than the source's own reporting delay allows (or unknown). */
  stale: boolean;
}

/**
 * The groups of a cloud's figures that are read together and age together.
 *
 * @public
 */
export interface CloudFreshness {
  /** `requestsPerSecond`, latencies, `errorRate`. */
  requests: Freshness;
  /** `replicationLag`, `queueDepth`, `deadLetterDepth`. */
  replication: Freshness;
  /** `deadLetters`: as of the dead-letter redriver's last reported run. */
  deadLetters: Freshness;
  /** `antiEntropy`: as of the reconciler's last reported step. */
  antiEntropy: Freshness;
}

/**
 * What the dead-letter redriver (it runs every minute) reports for a cloud's inbound queue.
 *
 * @public
 */
export interface DeadLetterFigures {
  /**
   * Dead letters its last run left for a person: poison events (invalid, refused), and transient
   * ones past their last automatic re-drive. Null when no run was reported.
   */
  awaitingPerson: number | null;
  /** Dead letters it sent back to the queue over the last hour. Null when it could not be read. */
  redrivenLastHour: number | null;
}

/**
 * The anti-entropy reconciler's last round as seen on one cloud (its steps, added up).
 *
 * @public
 */
export interface AntiEntropyRound {
  /** Items of this cloud in the key ranges it compared. */
  compared: number;
  /** Keys found to differ from the other cloud. */
  diverged: number;
  /** Events this cloud sent again to repair them. */
  repaired: number;
  /** ISO time of the round's last step. */
  at: string;
}

/**
 * One health check of a cloud's `/health`.
 *
 * @public
 */
export interface HealthCheck {
  /** ISO time of the check. */
  at: string;
  ok: boolean;
  latencyMs: number | null;
  /** Why it failed, in words. */
  message?: string;
}

/** @public */
export interface CloudStatus {
  cloud: CloudId;
  /** The cloud's region, e.g. `eu-west-1`, `westeurope`, or `local` in the sandbox. */
  region: string;
  health: HealthState;
  /** ISO time since when the health has been what it is. */
  healthSince: string | null;
  /** Last health check of this cloud's `/health`. */
  lastCheck: HealthCheck | null;
  /** Traffic weight, 0 to 100; the weights of a service add up to 100 unless all are 0. */
  weight: number;
  /**
   * Share of the requests the global routing actually sent to this cloud lately, 0 to 1: it
   * differs from `weight` while a cloud is unhealthy (the routing skips it). Null when no
   * request passed or the provider cannot measure it.
   */
  trafficShare: number | null;
  requestsPerSecond: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /**
   * Share of the requests meant for this cloud that failed, 0 to 1: 5xx answers of the cloud
   * and requests that failed at the global routing on their way to it.
   */
  errorRate: number | null;
  /** Requests per second meant for this cloud that failed at the global routing (null: not measured). */
  failedAtRouterPerSecond: number | null;
  /** The age of each group of figures: stale ones are shown as stale, not as live values. */
  freshness: CloudFreshness;
  /** Lag of replication INTO this cloud (from the other one). */
  replicationLag: ReplicationLag;
  queueDepth: number | null;
  deadLetterDepth: number | null;
  deadLetters: DeadLetterFigures;
  /** The reconciler's last round; null when none was reported in the last hour. */
  antiEntropy: AntiEntropyRound | null;
  lastError: string | null;
}

/**
 * One cloud's part of a response: its data, or why it could not be read. Never both missing.
 *
 * @public
 */
export type CloudResult<T> =
  | { cloud: CloudId; ok: true; data: T }
  | { cloud: CloudId; ok: false; error: { message: string; name?: string } };

/** @public */
export interface ServiceStatus {
  entityRef: string;
  serviceId: string;
  provider: string;
  /** The service's clouds in display order; `clouds` has one entry for each. */
  cloudInfo: CloudInfo[];
  clouds: CloudResult<CloudStatus>[];
  /** When the figures were read upstream (they are cached for a few seconds). */
  fetchedAt: string;
}

/** @public */
export const METRIC_RANGES = ['1h', '6h', '24h', '7d'] as const;
/** @public */
export type MetricRange = (typeof METRIC_RANGES)[number];

/** @public */
export const METRIC_NAMES = [
  'requests',
  'latencyP50Ms',
  'latencyP99Ms',
  'errorRate',
  'replicationLagMs',
  'queueDepth',
  'deadLetterDepth',
] as const;
/** @public */
export type MetricName = (typeof METRIC_NAMES)[number];

/** @public */
export interface MetricPoint {
  /** ISO time of the start of the bucket. */
  t: string;
  v: number | null;
}

/** @public */
export interface CloudMetrics {
  /** One series per metric; `replicationLagMs` is the lag into this cloud. */
  series: Record<MetricName, MetricPoint[]>;
  /** The cloud's own console showing the same series, where there is one (not the sandbox). */
  links?: Partial<Record<MetricName, ConsoleLink>>;
}

/**
 * A page of a cloud's console, e.g. a CloudWatch graph.
 *
 * @public
 */
export interface ConsoleLink {
  /** The console's name: `CloudWatch`, `Azure Monitor`. */
  title: string;
  url: string;
}

/** @public */
export interface MetricsResponse {
  entityRef: string;
  range: MetricRange;
  stepSeconds: number;
  /** The service's clouds in display order; `clouds` has one entry for each. */
  cloudInfo: CloudInfo[];
  clouds: CloudResult<CloudMetrics>[];
  /** What was done to the service in the range (chaos in the sandbox), oldest first. */
  events?: ServiceEvent[];
}

/**
 * Something done to a service that the charts mark on their time axis.
 *
 * @public
 */
export interface ServiceEvent {
  /** ISO time. */
  at: string;
  /** Chaos switched on a cloud (the sandbox's chaos switch); mode `none` ends it. */
  kind: 'chaos';
  cloud: CloudId;
  mode: string;
}

/**
 * A failover's target: a cloud id (all traffic to that cloud), or `split` (the traffic shared
 * by all the service's clouds: evenly, or as `weights` says).
 *
 * @public
 */
export type FailoverTarget = CloudId | 'split';

/** @public */
export interface FailoverRequest {
  target: FailoverTarget;
  /** Explicit weights, for `split` with other than 50/50. */
  weights?: Record<CloudId, number>;
  reason: string;
  /** Go ahead although the target is unhealthy. */
  force?: boolean;
}

/** @public */
export type SafetyRuleId =
  | 'at-least-one-on'
  | 'target-healthy'
  | 'one-at-a-time'
  | 'weights-valid';

/** @public */
export interface SafetyCheck {
  rule: SafetyRuleId;
  ok: boolean;
  /** What the rule says, in words for the dialog: why it passes or why it refuses. */
  message: string;
  /** Whether `force` may override this refusal. Only `target-healthy` can be forced. */
  overridable: boolean;
}

/** @public */
export interface GitOpsChange {
  /** The file in the service's repo that records the desired weights. */
  path: string;
  /** Its content after the change. */
  content: string;
  commitMessage: string;
  /**
   * The repository the failover will commit to (e.g. `github.com/acme/orders`, `payments.git`);
   * null when the service names none the backend can write to, so a person must commit it.
   */
  repository?: string | null;
}

/**
 * The failover's weights in the service's repository:
 * - `committed`: on the default branch (`kind: 'commit'`) or in an open pull request
 *   (`kind: 'pull-request'`), at `url`;
 * - `failed`: the traffic moved but the repository was not changed (`error` says why); it can be
 *   retried;
 * - `skipped`: the service names no repository the backend can write to (`error` says what to
 *   add), so the change is for a person to commit.
 *
 * @public
 */
export interface GitOpsCommit {
  state: 'committed' | 'failed' | 'skipped';
  kind: 'commit' | 'pull-request' | null;
  /** The repository in words, e.g. `github.com/acme/orders` or `payments.git`. */
  repository: string | null;
  /** Where to see the commit or the pull request. */
  url: string | null;
  sha: string | null;
  error: string | null;
  at: string;
}

/** @public */
export interface FailoverPlan {
  entityRef: string;
  target: FailoverTarget;
  current: Record<CloudId, number>;
  desired: Record<CloudId, number>;
  targetHealth: Record<CloudId, HealthState>;
  checks: SafetyCheck[];
  /** True when every check passes (or the failing ones are overridable and `force` was set). */
  allowed: boolean;
  gitops: GitOpsChange;
}

/** @public */
export type FailoverStepName =
  | 'plan'
  | 'safety'
  | 'execute'
  | 'verify'
  | 'commit'
  | 'record';
/** @public */
export type FailoverStepState =
  | 'pending'
  | 'running'
  | 'done'
  | 'failed'
  | 'skipped';

/** @public */
export interface FailoverStep {
  name: FailoverStepName;
  state: FailoverStepState;
  startedAt: string | null;
  finishedAt: string | null;
  message: string | null;
}

/** @public */
export type FailoverOutcome = 'running' | 'succeeded' | 'failed' | 'refused';

/** @public */
export interface FailoverRecord {
  id: string;
  entityRef: string;
  actor: string;
  reason: string;
  target: FailoverTarget;
  forced: boolean;
  from: Record<CloudId, number>;
  to: Record<CloudId, number>;
  outcome: FailoverOutcome;
  steps: FailoverStep[];
  /** Why it was refused or failed. */
  error: string | null;
  gitops: GitOpsChange | null;
  /**
   * What became of `gitops` in the service's repository, once the traffic has moved: null before
   * (and for refused or failed failovers). A failed commit leaves the failover succeeded.
   */
  commit: GitOpsCommit | null;
  /**
   * The global routing's id of the change the verify step waits for (Route53's change id), kept
   * with the attempt so that a backend restarted mid-failover resumes the wait. Null when the
   * routing has none.
   */
  routingChange: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * The 409 body: Backstage's error response shape (so `ResponseError` reads it) plus the plan.
 *
 * @public
 */
export interface FailoverRefusal {
  error: { name: 'FailoverRefusedError'; message: string };
  request: { method: string; url: string };
  response: { statusCode: 409 };
  plan: FailoverPlan;
}

/**
 * One dead letter as the portal lists it: which item, and why it was dead-lettered.
 *
 * @public
 */
export interface DeadLetterEntry {
  /** The queue's id of the letter. */
  id: string;
  /** The key of the item its event writes; null when the body is no replication event. */
  key: string | null;
  /**
   * Why it is a dead letter, in words: the applier's reason (on Azure recorded by the redriver,
   * which found it again), else the queue's own (`MaxDeliveryCountExceeded`); null when none
   * was given (SQS moves a message without one).
   */
  reason: string | null;
}

/**
 * The first dead letters of a cloud's inbound queue (at most 20), read without taking them.
 *
 * @public
 */
export interface DeadLetterList {
  cloud: CloudId;
  letters: DeadLetterEntry[];
}

/** @public */
export interface ReplayResult {
  cloud: CloudId;
  replayed: number;
  remaining: number;
}

/**
 * The permission policy's answer for the caller and `multicloud.failover.execute` before any
 * condition: `ALLOW` means the caller may fail over every service, ownership unchecked. Under
 * Backstage's default allow-all policy every user gets `ALLOW`; under an owner-only policy,
 * `CONDITIONAL`.
 *
 * @public
 */
export interface FailoverAccess {
  result: 'ALLOW' | 'DENY' | 'CONDITIONAL';
}
