import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  Context,
  DynamoDBStreamEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { Applier } from '../../bridge/Applier';
import { Relay } from '../../bridge/Relay';
import { createApi } from '../../http/createApi';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { Store } from '../../ports/Store';
import type { StreamBatchInfo, StreamRecords } from '../../ports/StreamRecords';
import type { MessageSender } from '../../ports/Transport';
import { storedItemFromDynamoDbRecord } from '../../stores/DynamoDbStore';
import type { AwsConfig } from '../config';
import { toLambdaHttpHandler } from '../lambdaHttp';
import { createRegionCore } from '../regionRole';

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
  /** Azure's inbound queue; a promise, as its connection string is read from Secrets Manager. */
  peer: () => Promise<MessageSender>;
  /** The inbound queue's dead-letter queue, for events that can never apply. */
  deadLetters: MessageSender;
  /** The table's stream, read again for batches Lambda gave up on. */
  streamRecords: StreamRecords;
  metrics: MetricsSink;
  /** The wall clock (Date.now); the trigger harness passes its compressed one. */
  now?: () => number;
  logger: FunctionLogger;
  instance?: string;
}

/**
 * The AWS side's Lambda functions built from their dependencies: the module-level handlers read
 * them from the environment, the sandbox passes its emulators' clients.
 *
 * - `api`: API Gateway HTTP API.
 * - `relay`: invoked by two event source mappings. From the table's DynamoDB stream it sends the
 *   batch to Azure's inbound queue and throws on failure, so Lambda retries it (bisecting, which
 *   costs no retry), and after the mapping's maximum retries or record age sends the batch's
 *   position (not its records) to the on-failure SQS queue ("Retain discarded records for a
 *   DynamoDB event source in Lambda", https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 *   From that queue it reads each failed range from the stream again and sends it, failing only
 *   the records it could not send, which SQS redelivers after the visibility timeout.
 * - `apply`: the SQS inbound queue, with a partial batch response.
 */
export function createAwsFunctions(deps: AwsFunctionsDependencies) {
  const { config, store, metrics, logger } = deps;
  const { clock, items } = createRegionCore(config, store, deps.now);
  const applier = new Applier({ store, clock, metrics, now: deps.now });
  let relayPromise: Promise<Relay> | undefined;
  const getRelay = () =>
    (relayPromise ??= deps
      .peer()
      .then(
        outbound => new Relay({ region: config.REGION_ID, outbound, metrics }),
      )
      .catch(error => {
        relayPromise = undefined;
        throw error;
      }));

  const relayStream = async (event: DynamoDBStreamEvent) => {
    const changes = event.Records.filter(r => r.dynamodb?.NewImage).map(r =>
      storedItemFromDynamoDbRecord(unmarshall(r.dynamodb!.NewImage as never)),
    );
    const { sent } = await (await getRelay()).relayChanges(changes);
    logger.info('relayed to the peer', { records: event.Records.length, sent });
  };

  const resendFailedRange = async (record: SQSRecord) => {
    const batch = parseStreamFailure(record.body);
    const changes = await deps.streamRecords.read(batch);
    const { sent } = await (await getRelay()).relayChanges(changes);
    logger.info('re-sent a range the stream mapping gave up on', {
      shardId: batch.shardId,
      from: batch.startSequenceNumber,
      to: batch.endSequenceNumber,
      sent,
    });
  };

  const handleApply = async (record: SQSRecord) => {
    const result = await applier.handle(record.body);
    if (result.outcome === 'retry') throw result.error;
    if (result.outcome === 'rejected') {
      logger.warn('dead-lettering a replication event', {
        messageId: record.messageId,
        reason: result.reason,
      });
      await deps.deadLetters.send([
        {
          id: record.messageId,
          body: record.body,
          attributes: { DeadLetterReason: result.reason.slice(0, 1024) },
        },
      ]);
    }
  };

  return {
    api: toLambdaHttpHandler(
      createApi({
        items,
        whoami: {
          cloud: 'aws',
          region: config.AWS_REGION,
          instance: deps.instance ?? 'lambda',
          version: config.SERVICE_VERSION,
        },
        health: [{ name: 'store', check: () => store.ping() }],
        forwardWritesToPrimary: config.FORWARD_WRITES === 'true',
      }),
    ),

    async relay(event: DynamoDBStreamEvent | SQSEvent, context?: Context) {
      try {
        if (isSqsEvent(event))
          return await processPartialResponse(
            event,
            resendFailedRange,
            // One processor per invocation: it holds the batch's state while it runs.
            new BatchProcessor(EventType.SQS),
            { context: context! },
          );
        return await relayStream(event);
      } finally {
        await metrics.flush?.();
      }
    },

    /**
     * A poison message is copied to the dead-letter queue with its reason and counted done; a
     * store failure fails only that record, which SQS redelivers after the visibility timeout and
     * dead-letters after the queue's maxReceiveCount.
     */
    async apply(event: SQSEvent, context?: Context) {
      try {
        return await processPartialResponse(
          event,
          handleApply,
          new BatchProcessor(EventType.SQS),
          { context: context! },
        );
      } finally {
        await metrics.flush?.();
      }
    },
  };
}

export type AwsFunctions = ReturnType<typeof createAwsFunctions>;

function isSqsEvent(event: DynamoDBStreamEvent | SQSEvent): event is SQSEvent {
  return event.Records[0]?.eventSource === 'aws:sqs';
}

/** The position of a failed stream batch from an on-failure destination's message. */
export function parseStreamFailure(body: string): StreamBatchInfo {
  const info = (JSON.parse(body) as { DDBStreamBatchInfo?: StreamBatchInfo })
    .DDBStreamBatchInfo;
  if (
    !info?.streamArn ||
    !info.shardId ||
    !info.startSequenceNumber ||
    !info.endSequenceNumber
  )
    throw new Error(
      'an on-failure record without DDBStreamBatchInfo (streamArn, shardId, startSequenceNumber, endSequenceNumber)',
    );
  return info;
}
