import type { InvocationContext } from '@azure/functions';
import {
  REDRIVE_BACKOFF_MS,
  type ChangeFeed,
  type CheckpointStore,
  type DeadLetterQueue,
  type MessageReceiver,
  type MessageSender,
  type MessageVisibility,
  type MetricsSink,
  type ParkingLot,
  type Store,
  type Transport,
  type VersionIndex,
} from '@multicloud/runtime';
import { createAwsFunctions } from '@multicloud/runtime/aws';
import {
  COSMOS_FEED_POLL_DELAY_MS,
  COSMOS_RELAY_RETRY,
  createAzureFunctions,
} from '@multicloud/runtime/azure';
import { FUNCTIONS_SERVICE_BUS_TRIGGER } from './cloudSettings';
import { CosmosChangeFeedTrigger } from './CosmosChangeFeedTrigger';
import { DynamoDbStreamTrigger } from './DynamoDbStreamTrigger';
import { ServiceBusQueueTrigger } from './ServiceBusQueueTrigger';
import { SqsLambdaTrigger } from './SqsLambdaTrigger';
import { TimerTrigger } from './TimerTrigger';
import type { InvocationErrorListener, Trigger } from './Trigger';
import type { TriggerClock } from './TriggerClock';
import { VersionIndexStreamRecords } from './VersionIndexStreamRecords';
import { invocationContext } from './invocationContext';

/** What one region's functions are deployed on: its store, feed, queues and clock. */
export interface RegionResources {
  region: string;
  store: Store;
  /** The store's change feed, emulated over its version index. */
  feed: ChangeFeed;
  index: VersionIndex;
  /** Where the feed trigger keeps its place (the stream iterator, the lease). */
  position: CheckpointStore;
  /** This region's inbound queue (the other cloud's events). */
  inbound: Transport;
  /** The other cloud's inbound queue, as this region reaches it. */
  peer: MessageSender;
  metrics: MetricsSink;
  clock: TriggerClock;
  onError?: InvocationErrorListener;
}

/** A deployed region: its triggers, and the feed trigger a commit wakes. */
export interface Deployment {
  triggers: Trigger[];
  feedTrigger: Trigger;
  /**
   * Invocations of each function by its triggers so far (each trigger's handler call is one
   * invocation, as Lambda bills a batch and Functions an execution), for the cost figures.
   */
  invocations: Record<string, number>;
  /** The scheduled functions, also runnable by hand (as invoking them in the cloud would). */
  scheduled: {
    redrive: () => Promise<unknown>;
    reconcile: () => Promise<unknown>;
  };
}

/** How often the scheduled functions run in the sandbox, on the region's trigger clock. */
export interface ScheduledJobsSettings {
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

export const DEFAULT_SCHEDULED_JOBS: ScheduledJobsSettings = {
  redriveIntervalMs: 60_000,
  redriveBackoffMs: REDRIVE_BACKOFF_MS,
  reconcileIntervalMs: 5 * 60_000,
  reconcileSettleMs: 60_000,
  reconcilePhase: 0,
};

/** The two scheduled functions on timers: EventBridge Scheduler on AWS, the timer trigger on Azure. */
function scheduledTriggers(
  r: RegionResources,
  jobs: ScheduledJobsSettings,
  functions: Record<
    'redrive' | 'reconcile',
    (timer: unknown, context: InvocationContext) => Promise<unknown>
  >,
): Trigger[] {
  return (['redrive', 'reconcile'] as const).map(
    name =>
      new TimerTrigger({
        name,
        periodMs:
          name === 'redrive'
            ? jobs.redriveIntervalMs
            : jobs.reconcileIntervalMs,
        offsetMs:
          name === 'reconcile'
            ? jobs.reconcilePhase * jobs.reconcileIntervalMs
            : 0,
        handler: async (timer, context) => {
          await functions[name](timer, context);
        },
        clock: r.clock,
        onError: r.onError,
      }),
  );
}

/** Wraps a function's handler so that each call counts one invocation of `name`. */
function invocationCounter() {
  const invocations: Record<string, number> = {};
  const counted =
    <A extends unknown[], R>(name: string, handler: (...args: A) => R) =>
    (...args: A): R => {
      invocations[name] = (invocations[name] ?? 0) + 1;
      return handler(...args);
    };
  return { invocations, counted };
}

const sandboxConfig = (region: string) => ({
  REGION_ID: region,
  SERVICE_VERSION: 'sandbox',
  CONSISTENCY_MODE: 'active-active' as const,
  FORWARD_WRITES: 'false' as const,
  MAX_CLOCK_DRIFT_MS: 500,
});

/**
 * The AWS side's Lambda functions (`createAwsFunctions`, the code the Lambda handlers run) on
 * their event source mappings: `relay` on the table's stream, with an on-failure SQS queue,
 * and again on that queue; `apply` on the inbound queue; `redrive` and `reconcile` on timers, as
 * EventBridge Scheduler invokes them.
 */
export function deployAwsFunctions(
  r: RegionResources,
  queues: {
    /** The inbound queue's dead-letter queue. */
    deadLetters: MessageSender;
    /** The stream mapping's on-failure destination. */
    relayFailures: MessageSender & MessageReceiver;
    /** The same dead-letter queue as the redriver reads it. */
    deadLetterQueue: DeadLetterQueue;
    /** The inbound queue's visibility, as `apply` changes it for failed records. */
    inboundVisibility?: MessageVisibility;
    jobs?: Partial<ScheduledJobsSettings>;
    applyConcurrency?: number;
  },
): Deployment {
  const jobs = { ...DEFAULT_SCHEDULED_JOBS, ...queues.jobs };
  const functions = createAwsFunctions({
    config: { ...sandboxConfig(r.region), AWS_REGION: 'local' },
    store: r.store,
    peer: async () => r.peer,
    deadLetters: queues.deadLetters,
    deadLetterQueue: queues.deadLetterQueue,
    inboundVisibility: queues.inboundVisibility,
    redriveBackoffMs: jobs.redriveBackoffMs,
    reconcileSettleMs: jobs.reconcileSettleMs,
    streamRecords: new VersionIndexStreamRecords(r.index, r.region),
    metrics: r.metrics,
    logger: { info: () => undefined, warn: () => undefined },
    instance: `sandbox-${r.region}`,
    now: r.clock.now,
  });
  const { invocations, counted } = invocationCounter();
  const stream = new DynamoDbStreamTrigger({
    feed: r.feed,
    iterator: r.position,
    handler: counted('relay', event => functions.relay(event)),
    onFailure: queues.relayFailures,
    clock: r.clock,
    onError: r.onError,
  });
  return {
    invocations,
    feedTrigger: stream,
    triggers: [
      stream,
      new SqsLambdaTrigger({
        name: 'relay-failures',
        queue: queues.relayFailures,
        queueArn: 'arn:aws:sqs:local:000000000000:relay-failures',
        handler: counted('relay-failures', (event, context) =>
          functions.relay(event, context),
        ),
        clock: r.clock,
        onError: r.onError,
      }),
      new SqsLambdaTrigger({
        name: 'apply',
        queue: r.inbound,
        queueArn: 'arn:aws:sqs:local:000000000000:inbound',
        handler: counted('apply', (event, context) =>
          functions.apply(event, context),
        ),
        concurrency: queues.applyConcurrency ?? 4,
        clock: r.clock,
        onError: r.onError,
      }),
      ...scheduledTriggers(r, jobs, {
        redrive: () => functions.redrive(),
        reconcile: () => functions.reconcile(),
      }),
    ],
    scheduled: {
      redrive: () => functions.redrive(),
      reconcile: () => functions.reconcile(),
    },
  };
}

/**
 * The Azure side's functions (`createAzureFunctions`, the code the Function App registers) on
 * their triggers: `relay` on the change feed with its retry policy, `apply` on the Service Bus
 * inbound queue, `resendParked` every minute, `redrive` and `reconcile` on their timers.
 */
export function deployAzureFunctions(
  r: RegionResources,
  queues: {
    parking: ParkingLot;
    /** The inbound queue's dead-letter sub-queue, as the redriver reads it. */
    deadLetterQueue: DeadLetterQueue;
    jobs?: Partial<ScheduledJobsSettings>;
  },
): Deployment {
  const jobs = { ...DEFAULT_SCHEDULED_JOBS, ...queues.jobs };
  const functions = createAzureFunctions({
    config: { ...sandboxConfig(r.region), AZURE_REGION: 'local' },
    store: r.store,
    peer: r.peer,
    parking: queues.parking,
    deadLetterQueue: queues.deadLetterQueue,
    redriveBackoffMs: jobs.redriveBackoffMs,
    reconcileSettleMs: jobs.reconcileSettleMs,
    metrics: r.metrics,
    instance: `sandbox-${r.region}`,
    sleep: ms => r.clock.sleep(ms),
    now: r.clock.now,
  });
  const { invocations, counted } = invocationCounter();
  const changeFeed = new CosmosChangeFeedTrigger({
    feed: r.feed,
    leases: r.position,
    handler: counted('relay', (documents, context) =>
      functions.relay(documents, context),
    ),
    retry: COSMOS_RELAY_RETRY,
    feedPollDelayMs: COSMOS_FEED_POLL_DELAY_MS,
    clock: r.clock,
    onError: r.onError,
  });
  return {
    invocations,
    feedTrigger: changeFeed,
    triggers: [
      changeFeed,
      new ServiceBusQueueTrigger({
        queue: r.inbound,
        handler: counted('apply', (messages, context) =>
          functions.apply(messages, context),
        ),
        maxMessageBatchSize: FUNCTIONS_SERVICE_BUS_TRIGGER.maxMessageBatchSize,
        clock: r.clock,
        onError: r.onError,
      }),
      new TimerTrigger({
        name: 'resendParked',
        periodMs: 60_000,
        handler: (timer, context) => functions.resendParked(timer, context),
        clock: r.clock,
        onError: r.onError,
      }),
      ...scheduledTriggers(r, jobs, functions),
    ],
    scheduled: {
      redrive: () => functions.redrive(undefined, invocationContext('redrive')),
      reconcile: () =>
        functions.reconcile(undefined, invocationContext('reconcile')),
    },
  };
}
