import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { Reconciler } from '../../bridge/Reconciler';
import { SqsSender } from '../../transports/SqsTransport';
import { SqsVisibility } from '../../transports/SqsVisibility';
import { createAwsApplyFunction } from './applyFunction';
import { awsPeerSender } from './peer';
import { awsConfig, awsRegion } from './region';
import { functionLogger, sink } from './telemetry';

/** `apply`: the SQS inbound queue → DynamoDB, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsApplyFunction> | undefined;

function build() {
  const config = awsConfig();
  const region = awsRegion();
  const peer = awsPeerSender(config);
  const sqs = new SQSClient({ region: config.AWS_REGION });
  return createAwsApplyFunction({
    ...region,
    // Azure's reconciler asks over this queue; the answers go to Azure's inbound queue.
    reconciler: new Reconciler({
      region: config.REGION_ID,
      store: region.store,
      peer: { send: async messages => (await peer()).send(messages) },
      metrics: sink,
    }),
    deadLetters: new SqsSender({
      client: sqs,
      queueUrl: config.INBOUND_DLQ_URL,
    }),
    visibility: new SqsVisibility({
      client: sqs,
      queueUrl: config.INBOUND_QUEUE_URL,
    }),
    metrics: sink,
    logger: functionLogger,
  });
}

export const apply = (event: SQSEvent, context: Context) =>
  (handler ??= build())(event, context);
