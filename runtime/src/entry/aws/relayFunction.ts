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
import { Relay } from '../../bridge/Relay';
import type { MetricsSink } from '../../metrics/MetricsSink';
import type { StreamBatchInfo, StreamRecords } from '../../ports/StreamRecords';
import type { MessageSender } from '../../ports/Transport';
import { storedItemFromDynamoDbRecord } from '../../stores/dynamoDbRecord';
import type { AwsConfig } from '../config';
import type { FunctionLogger } from './functions';

export interface AwsRelayDependencies {
  config: Pick<AwsConfig, 'REGION_ID'>;
  /** Azure's inbound queue; a promise, as the relay's Azure identity is read at first use. */
  peer: () => Promise<MessageSender>;
  /** The table's stream, read again for batches Lambda gave up on. */
  streamRecords: StreamRecords;
  metrics: MetricsSink;
  logger: FunctionLogger;
}

/**
 * `relay`, invoked by two event source mappings. From the table's DynamoDB stream it sends the
 * batch to Azure's inbound queue and throws on failure, so Lambda retries it, and after the
 * mapping's maximum retries or record age sends the batch's position (not its records) to the
 * on-failure SQS queue ("Retain discarded records for a DynamoDB event source in Lambda",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html). From that queue it
 * reads each failed range from the stream again and sends it, failing only the records it could
 * not send, which SQS redelivers after the visibility timeout.
 */
export function createAwsRelayFunction(deps: AwsRelayDependencies) {
  const { config, metrics, logger } = deps;
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

  return async (event: DynamoDBStreamEvent | SQSEvent, context?: Context) => {
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
  };
}

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
