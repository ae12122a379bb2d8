import { Reconciler } from '../../bridge/Reconciler';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { MessageVisibility } from '../../ports/MessageVisibility';
import type { Store } from '../../ports/Store';
import type { StreamRecords } from '../../ports/StreamRecords';
import type { MessageSender } from '../../ports/Transport';
import type { AwsConfig } from '../config';
import { createRegionCore } from '../regionRole';
import { createAwsApiFunction } from './apiFunction';
import { createAwsApplyFunction } from './applyFunction';
import { createAwsReconcileFunction } from './reconcileFunction';
import { createAwsRedriveFunction } from './redriveFunction';
import { createAwsRelayFunction } from './relayFunction';

export { parseStreamFailure } from './relayFunction';

export interface FunctionLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** What the AWS functions run on: the configuration and the clients built from it. */
export interface AwsFunctionsDependencies {
  config: Pick<
    AwsConfig,
    | 'REGION_ID'
    | 'AWS_REGION'
    | 'SERVICE_VERSION'
    | 'CONSISTENCY_MODE'
    | 'PRIMARY_REGION'
    | 'PRIMARY_URL'
    | 'FORWARD_WRITES'
    | 'MAX_CLOCK_DRIFT_MS'
  >;
  store: Store;
  /** Azure's inbound queue; a promise, as the relay's Azure identity is read at first use. */
  peer: () => Promise<MessageSender>;
  /** The inbound queue's dead-letter queue, for events that can never apply. */
  deadLetters: MessageSender;
  /** The same dead-letter queue as the redriver reads it (receive, send back, release). */
  deadLetterQueue: DeadLetterQueue;
  /** The inbound queue's visibility, for `apply` to bring failed records back sooner. */
  inboundVisibility?: MessageVisibility;
  /** Delay before each re-drive (the trigger harness compresses it); default 1, 5, 15 min. */
  redriveBackoffMs?: number[];
  /** Writes younger than this are left out of anti-entropy digests; default 60 s. */
  reconcileSettleMs?: number;
  /** The table's stream, read again for batches Lambda gave up on. */
  streamRecords: StreamRecords;
  metrics: MetricsSink;
  /** The wall clock (Date.now); the trigger harness passes its compressed one. */
  now?: () => number;
  logger: FunctionLogger;
  instance?: string;
}

/**
 * The AWS side's Lambda functions built from their dependencies, sharing one clock and write
 * path, as the sandbox's trigger harness runs them. Each function also has a factory of its own
 * (`createAwsApiFunction`, `createAwsRelayFunction`, `createAwsApplyFunction`,
 * `createAwsRedriveFunction`, `createAwsReconcileFunction`), which the
 * Lambda handlers use, so each function's bundle holds only what that function imports.
 */
export function createAwsFunctions(deps: AwsFunctionsDependencies) {
  const { clock, items } = createRegionCore(deps.config, deps.store, deps.now);
  const reconciler = new Reconciler({
    region: deps.config.REGION_ID,
    store: deps.store,
    peer: { send: async messages => (await deps.peer()).send(messages) },
    metrics: deps.metrics,
    now: deps.now,
    settleMs: deps.reconcileSettleMs,
  });
  return {
    api: createAwsApiFunction({ ...deps, items }),
    relay: createAwsRelayFunction(deps),
    apply: createAwsApplyFunction({
      ...deps,
      clock,
      reconciler,
      visibility: deps.inboundVisibility,
    }),
    redrive: createAwsRedriveFunction({
      ...deps,
      backoffMs: deps.redriveBackoffMs,
    }),
    reconcile: createAwsReconcileFunction({ ...deps, reconciler }),
  };
}

export type AwsFunctions = ReturnType<typeof createAwsFunctions>;
