import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsSender } from '../../transports/SqsTransport';
import { SqsVisibility } from '../../transports/SqsVisibility';
import type { AwsConfig } from '../config';

/**
 * The inbound queue as `apply` uses it on its rare paths: its dead-letter queue, for an event
 * that can never apply, and the visibility of a record that failed on a store failure. Lambda
 * receives and deletes the messages itself, so only these paths need the SQS client, and `apply`
 * imports this module on their first use (a chunk of its own): its cold start does not load the
 * SQS client.
 */
export function buildInboundQueue(
  config: Pick<
    AwsConfig,
    'AWS_REGION' | 'INBOUND_DLQ_URL' | 'INBOUND_QUEUE_URL'
  >,
) {
  const client = new SQSClient({ region: config.AWS_REGION });
  return {
    deadLetters: new SqsSender({ client, queueUrl: config.INBOUND_DLQ_URL }),
    visibility: new SqsVisibility({
      client,
      queueUrl: config.INBOUND_QUEUE_URL,
    }),
  };
}
