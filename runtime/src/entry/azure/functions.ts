import type { InvocationContext, RetryOptions } from '@azure/functions';
import { DeadLetterRedriver } from '../../bridge/DeadLetterRedriver';
import {
  inboundLetterProblem,
  InboundApplier,
} from '../../bridge/InboundApplier';
import { ParkedEventResender } from '../../bridge/ParkedEventResender';
import { Reconciler } from '../../bridge/Reconciler';
import { Relay } from '../../bridge/Relay';
import { createApi } from '../../http/createApi';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Store } from '../../ports/Store';
import type { ParkingLot } from '../../ports/ParkingLot';
import type { MessageSender } from '../../ports/Transport';
import {
  type ItemDocument,
  storedItemFromCosmosDocument,
} from '../../stores/CosmosStore';
import { toAzureHttpHandler } from '../azureHttp';
import type { AzureConfig } from '../config';
import { createRegionCore } from '../regionRole';

/**
 * The relay's retry policy. By default the Cosmos DB trigger does not retry a batch whose
 * execution threw an unhandled exception: the batch is lost, the function records the error and
 * goes on with the next batch ("Diagnose and troubleshoot issues when using Azure Functions trigger for Azure Cosmos
 * DB", https://learn.microsoft.com/azure/cosmos-db/nosql/troubleshoot-changefeed-functions).
 * Retry policies are supported for the Cosmos DB, Event Hubs, Kafka and Timer triggers, and
 * "Event Hubs and Azure Cosmos DB checkpoints won't be written until the retry policy for the
 * execution has completed" ("Azure Functions error handling and retries", Retries,
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-error-pages#retries);
 * -1 retries indefinitely. The relay throws only when the peer's queue and its own parking lot
 * (a Cosmos DB container) both refuse, so the lease waits at that batch until one of them is
 * back, from 1 s between tries up to 5 min.
 */
export const COSMOS_RELAY_RETRY: RetryOptions = {
  strategy: 'exponentialBackoff',
  maxRetryCount: -1,
  minimumInterval: { seconds: 1 },
  maximumInterval: { minutes: 5 },
};

/**
 * The relay trigger's `feedPollDelay`: how long it waits to poll the change feed again once it
 * has drained it. The default is 5,000 ms ("Azure Cosmos DB trigger for Azure Functions 2.x and
 * higher", configuration); 1 s keeps replication lag near a second for one read a second per
 * lease when idle.
 */
export const COSMOS_FEED_POLL_DELAY_MS = 1000;

/** NCRONTAB (with seconds) of the parked-event re-send: every minute. */
export const RESEND_PARKED_SCHEDULE = '0 */1 * * * *';

/**
 * NCRONTAB (with seconds) of the dead-letter redriver: every minute. A timer runs one instance at
 * a time across a scaled-out app (it holds a blob lease), and a timer needs no Terraform
 * resource ("Timer trigger for Azure Functions",
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer).
 */
export const REDRIVE_SCHEDULE = '0 */1 * * * *';

/**
 * NCRONTAB (with seconds) of the anti-entropy round with AWS: every 15 minutes, at 7, 22, 37 and
 * 52 past the hour, between AWS's rounds (on the quarter hours): two rounds at once would find the
 * same differences and repair each twice.
 */
export const RECONCILE_SCHEDULE = '0 7,22,37,52 * * * *';

/**
 * How long the Service Bus apply waits before failing a delivery the store could not take. The
 * trigger abandons a message whose execution threw, and Service Bus makes an abandoned message
 * available again at once, so without a wait the queue's deliveries (max_delivery_count 10 in
 * the Terraform module) burn in seconds. Doubling from 1 s to 30 s spreads 10 deliveries over
 * 1+2+4+8+16+30×4 = 151 s, so a 60 s store outage is over before the 7th (after 61 s). Each wait
 * stays under the 1-minute lock, which the Functions host renews in any case
 * (maxAutoLockRenewalDuration, 5 min by default, Service Bus trigger host.json settings).
 */
export function applyRetryDelayMs(deliveryCount: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, deliveryCount - 1));
}

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
 * The Azure side's functions built from their dependencies: `http` (HTTP API), `relay` (Cosmos
 * DB change feed → AWS's inbound queue, parking what it cannot send), `apply` (Service Bus inbound
 * queue → Cosmos DB, and the AWS reconciler's anti-entropy messages), `resendParked` (timer:
 * parking lot → AWS's inbound queue), `redrive` (timer: transient dead letters back to the
 * inbound queue) and `reconcile` (timer: an anti-entropy round with AWS).
 */
export function createAzureFunctions(deps: AzureFunctionsDependencies) {
  const { config, store, metrics } = deps;
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise(r => setTimeout(r, ms)));
  const { clock, items } = createRegionCore(config, store, deps.now);
  const reconciler = new Reconciler({
    region: config.REGION_ID,
    store,
    peer: deps.peer,
    metrics,
    now: deps.now,
    settleMs: deps.reconcileSettleMs,
  });
  const applier = new InboundApplier({
    store,
    clock,
    metrics,
    now: deps.now,
    reconciler,
  });
  const now = deps.now ?? Date.now;
  const letterProblem = inboundLetterProblem(config.MAX_CLOCK_DRIFT_MS);
  const redriver = new DeadLetterRedriver({
    deadLetters: deps.deadLetterQueue,
    // What the apply refused waits for a person, its reason recorded on the dead letter. The
    // enqueued time is the queue's; the letter's age moves it onto this side's clock, which is
    // the wall clock in the cloud and a faster one on the trigger harness.
    problemWith: letter =>
      letterProblem({
        body: letter.body,
        enqueuedAt:
          letter.enqueuedAt === undefined
            ? undefined
            : now() - (Date.now() - letter.enqueuedAt),
      }),
    // While Cosmos DB does not answer, a run sends nothing back: an outage spends no re-drives.
    ready: () => store.ping(),
    metrics,
    backoffMs: deps.redriveBackoffMs,
  });
  const relay = new Relay({
    region: config.REGION_ID,
    outbound: deps.peer,
    parking: deps.parking,
    metrics,
  });
  const resender = new ParkedEventResender({
    parking: deps.parking,
    outbound: deps.peer,
    metrics,
    now: deps.now,
  });

  return {
    http: toAzureHttpHandler(
      createApi({
        items,
        whoami: {
          cloud: 'azure',
          region: config.AZURE_REGION,
          instance: deps.instance ?? 'function',
          version: config.SERVICE_VERSION,
        },
        health: [{ name: 'store', check: () => store.ping() }],
        forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
      }),
    ),

    async relay(documents: unknown[], context: InvocationContext) {
      const { sent, parked } = await relay.relayChanges(
        documents.map(d => storedItemFromCosmosDocument(d as ItemDocument)),
      );
      if (parked) context.warn(`AWS's queue refused; parked ${parked} changes`);
      context.log(`relayed ${sent} of ${documents.length} changes to aws`);
    },

    async apply(message: unknown, context: InvocationContext) {
      const body =
        typeof message === 'string' ? message : JSON.stringify(message);
      const result = await applier.handle(body);
      if (result.outcome === 'retry') {
        const deliveries = Number(context.triggerMetadata?.deliveryCount ?? 1);
        await sleep(applyRetryDelayMs(deliveries));
        throw result.error;
      }
      if (result.outcome === 'rejected') {
        // The trigger cannot dead-letter with a reason: the Node.js programming model settles
        // only by the function's outcome (auto-complete on success, abandon on an exception:
        // "Azure Service Bus trigger for Azure Functions", PeekLock behavior,
        // https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger),
        // and settling from the function needs the preview SDK-type binding. So the delivery
        // fails, Service Bus dead-letters the event after the queue's max delivery count
        // (MaxDeliveryCountExceeded), and the redriver finds the same reason again
        // (inboundLetterProblem), leaves the letter for a person and records the reason on it.
        // The reason is logged each time as well.
        context.error(`replication event refused: ${result.reason}`);
        throw new Error(`replication event refused: ${result.reason}`);
      }
    },

    async resendParked(_timer: unknown, context: InvocationContext) {
      const { resent, error } = await resender.drain();
      if (error)
        context.warn(
          `re-sent ${resent} parked changes; AWS's queue still refuses: ${error.message}`,
        );
      else if (resent) context.log(`re-sent ${resent} parked changes to aws`);
    },

    async redrive(_timer: unknown, context: InvocationContext) {
      const report = await redriver.runOnce();
      context.log(
        `dead letters: ${report.redriven} re-driven, ${report.awaitingPerson} awaiting a person`,
      );
      return report;
    },

    async reconcile(_timer: unknown, context: InvocationContext) {
      const report = await reconciler.startRound();
      context.log(`anti-entropy round started over ${report.compared} items`);
      return report;
    },
  };
}

export type AzureFunctions = ReturnType<typeof createAzureFunctions>;
