import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { onFirstUse } from '../firstUse';
import { awsPeerSender } from './peer';
import { awsConfig } from './region';
import { createAwsRelayFunction } from './relayFunction';
import { functionLogger } from './logger';
import { sink } from './telemetry';

/**
 * `relay`: DynamoDB Streams (and the stream mapping's on-failure queue) → Azure's inbound Service
 * Bus queue, built once per cold start from the environment. No key crosses the clouds: the
 * relay sends as an Entra identity that trusts this function's AWS-issued token.
 */
let handler: ReturnType<typeof createAwsRelayFunction> | undefined;

function build() {
  const config = awsConfig();
  const region = config.AWS_REGION;
  // The stream is read again only for a batch the mapping gave up on: loaded then.
  const streamRecords = onFirstUse(async () =>
    (await import('./streamRecords.js')).buildStreamRecords(region),
  );
  return createAwsRelayFunction({
    config,
    peer: awsPeerSender(config),
    streamRecords: { read: async batch => (await streamRecords()).read(batch) },
    metrics: sink,
    logger: functionLogger,
  });
}

export const relay = (
  event: DynamoDBStreamEvent | SQSEvent,
  context: Context,
) => (handler ??= build())(event, context);
