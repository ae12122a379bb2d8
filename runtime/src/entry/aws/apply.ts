import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { Applier } from '../../bridge/Applier';
import { awsConfig, awsRegion } from './region';
import { logger, sink } from './telemetry';

let built: { applier: Applier; sqs: SQSClient } | undefined;
function getApplier() {
  if (built) return built;
  const { store, clock } = awsRegion();
  return (built = {
    applier: new Applier({ store, clock, metrics: sink }),
    sqs: new SQSClient({ region: awsConfig().AWS_REGION }),
  });
}

const processor = new BatchProcessor(EventType.SQS);

/**
 * `apply`: the SQS inbound queue. A poison message is copied to the dead-letter queue with its
 * reason and counted done; a store failure fails only that record, which SQS redelivers and,
 * after the queue's maxReceiveCount, dead-letters.
 */
export async function apply(event: SQSEvent, context: Context) {
  const { applier, sqs } = getApplier();
  const handleRecord = async (record: SQSRecord) => {
    const result = await applier.handle(record.body);
    if (result.outcome === 'retry') throw result.error;
    if (result.outcome === 'rejected') {
      logger.warn('dead-lettering a replication event', {
        messageId: record.messageId,
        reason: result.reason,
      });
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: awsConfig().INBOUND_DLQ_URL,
          MessageBody: record.body,
          MessageAttributes: {
            DeadLetterReason: {
              DataType: 'String',
              StringValue: result.reason.slice(0, 1024),
            },
          },
        }),
      );
    }
  };
  try {
    return await processPartialResponse(event, handleRecord, processor, {
      context,
    });
  } finally {
    sink.flush();
  }
}
