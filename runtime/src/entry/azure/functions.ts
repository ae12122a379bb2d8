import { Reconciler } from '../../bridge/Reconciler';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Store } from '../../ports/Store';
import type { ParkingLot } from '../../ports/ParkingLot';
import type { MessageSender } from '../../ports/Transport';
import type { AzureConfig } from '../config';
import { createRegionCore } from '../regionRole';
import { createAzureApiFunction } from './apiFunction';
import { createAzureApplyFunction } from './applyFunction';
import { createAzureReconcileFunction } from './reconcileFunction';
import { createAzureRedriveFunction } from './redriveFunction';
import {
  createAzureRelayFunction,
  createAzureResendParkedFunction,
} from './relayFunction';

export { applyDeliverySpanMs, applyRetryDelayMs } from './applyFunction';
export {
  COSMOS_FEED_POLL_DELAY_MS,
  COSMOS_RELAY_RETRY,
  RECONCILE_SCHEDULE,
  REDRIVE_SCHEDULE,
  RESEND_PARKED_SCHEDULE,
} from './triggers';

/** What the Azure functions run on: the configuration and the clients built from it. */
export interface AzureFunctionsDependencies {
  config: Pick<
    AzureConfig,
    | 'REGION_ID'
    | 'AZURE_REGION'
    | 'SERVICE_VERSION'
    | 'CONSISTENCY_MODE'
    | 'PRIMARY_REGION'
    | 'PRIMARY_URL'
    | 'FORWARD_WRITES'
    | 'MAX_CLOCK_DRIFT_MS'
  >;
  store: Store;
  /** AWS's inbound SQS queue. */
  peer: MessageSender;
  /**
   * The inbound queue's dead-letter sub-queue, as the redriver reads it; the Function App's
   * identity needs the Data Sender role on the queue to send letters back (azure-service).
   */
  deadLetterQueue: DeadLetterQueue;
  /** Delay before each re-drive (the trigger harness compresses it); default 1, 5, 15 min. */
  redriveBackoffMs?: number[];
  /** Writes younger than this are left out of anti-entropy digests; default 60 s. */
  reconcileSettleMs?: number;
  /** This side's parking lot: what AWS's queue did not take waits here. */
  parking: ParkingLot;
  metrics: MetricsSink;
  /** The wall clock (Date.now); the trigger harness passes its compressed one. */
  now?: () => number;
  instance?: string;
  /** How the apply waits before failing a delivery (compressed by the trigger harness). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The Azure side's functions built from their dependencies, sharing one clock and write path, as
 * the sandbox's trigger harness runs them: `http` (HTTP API), `relay` (Cosmos DB change feed →
 * AWS's inbound queue, parking what it cannot send), `apply` (Service Bus inbound queue → Cosmos
 * DB, and the AWS reconciler's anti-entropy messages), `resendParked` (timer: parking lot → AWS's
 * inbound queue), `redrive` (timer: transient dead letters back to the inbound queue) and
 * `reconcile` (timer: an anti-entropy round with AWS). Each also has a factory of its own
 * (`createAzureApiFunction`, …), which the Function App loads when that function first runs.
 */
export function createAzureFunctions(deps: AzureFunctionsDependencies) {
  const { config, store, metrics } = deps;
  const { clock, items } = createRegionCore(config, store, deps.now);
  const reconciler = new Reconciler({
    region: config.REGION_ID,
    store,
    peer: deps.peer,
    metrics,
    now: deps.now,
    settleMs: deps.reconcileSettleMs,
  });
  return {
    http: createAzureApiFunction({ ...deps, items }),
    relay: createAzureRelayFunction(deps),
    apply: createAzureApplyFunction({ ...deps, clock, reconciler }),
    resendParked: createAzureResendParkedFunction(deps),
    redrive: createAzureRedriveFunction({
      ...deps,
      backoffMs: deps.redriveBackoffMs,
      maxClockDriftMs: config.MAX_CLOCK_DRIFT_MS,
    }),
    reconcile: createAzureReconcileFunction({ reconciler }),
  };
}

export type AzureFunctions = ReturnType<typeof createAzureFunctions>;
