import type { Context, SQSEvent } from 'aws-lambda';
import { createAwsApplyFunction } from './applyFunction';
import { deferredLogger } from './deferredLogger';
import { onFirstUse } from '../firstUse';
import { awsPeerSender } from './peer';
import { awsConfig, awsRegion } from './region';
import { sink } from './telemetry';

/** `apply`: the SQS inbound queue → DynamoDB, built once per cold start from the environment. */
let handler: ReturnType<typeof createAwsApplyFunction> | undefined;

/**
 * `apply` logs only when it dead-letters an event or cannot shorten a failed record's
 * visibility, so its logger loads with the first such line.
 */
const logger = deferredLogger(
  async () => (await import('./logger.js')).functionLogger,
);

/**
 * What `apply` needs only on its rare paths is imported on first use, each a chunk of the
 * bundle: the SQS client (dead letters, visibility: Lambda itself receives and deletes the
 * batch) and the reconciler (Azure's anti-entropy messages, every 15 minutes at most). A cold
 * start on a replication event loads neither.
 */
function build() {
  const config = awsConfig();
  const region = awsRegion();
  const peer = awsPeerSender(config);
  const inboundQueue = onFirstUse(async () =>
    (await import('./inboundQueue.js')).buildInboundQueue(config),
  );
  // Azure's reconciler asks over this queue; the answers go to Azure's inbound queue.
  const reconciler = onFirstUse(
    async () =>
      new (await import('../../bridge/Reconciler.js')).Reconciler({
        region: config.REGION_ID,
        store: region.store,
        peer: { send: async messages => (await peer()).send(messages) },
        metrics: sink,
      }),
  );
  return createAwsApplyFunction({
    ...region,
    reconciler: {
      receive: async message => (await reconciler()).receive(message),
    },
    deadLetters: {
      send: async messages => (await inboundQueue()).deadLetters.send(messages),
      // Nothing to close before the first send; Lambda ends the process.
      close: async () => undefined,
    },
    visibility: {
      setVisibility: async (receiptHandle, seconds) =>
        (await inboundQueue()).visibility.setVisibility(receiptHandle, seconds),
    },
    metrics: sink,
    logger,
  });
}

export const apply = async (event: SQSEvent, context: Context) => {
  try {
    return await (handler ??= build())(event, context);
  } finally {
    await logger.written();
  }
};
