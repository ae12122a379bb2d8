import type { MessageReceiver, ReceivedMessage } from '@multicloud/runtime';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import { type TriggerClock, wallClock } from './TriggerClock';

export interface SqsLambdaTriggerOptions {
  name: string;
  queue: MessageReceiver;
  queueArn: string;
  handler: (
    event: SQSEvent,
    context: Context,
  ) => Promise<SQSBatchResponse | void>;
  /** Batches invoked side by side (Lambda scales pollers and concurrent invocations). */
  concurrency?: number;
  batchSize?: number;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

/**
 * Lambda's event source mapping on an SQS queue, as documented ("Using Lambda with Amazon SQS",
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): it long-polls the queue and invokes
 * the function with up to 10 messages; when the invocation succeeds it deletes them, except those
 * named in `batchItemFailures` (ReportBatchItemFailures, "Handling errors for an SQS event source
 * in Lambda"). A failed invocation or a failed item is left alone: the message becomes visible
 * again when its visibility timeout ends, and the queue's redrive policy moves it to the
 * dead-letter queue after maxReceiveCount receives. Nothing here releases a message early.
 * Each message is deleted on its own: the documentation says that Lambda deletes a successful
 * batch's messages, not that it uses `DeleteMessageBatch` (one billed request for up to 10), so
 * the harness does not assume the cheaper way (docs/cost.md).
 */
export class SqsLambdaTrigger implements Trigger {
  private readonly loops: TriggerLoop[];
  private readonly clock: TriggerClock;

  constructor(private readonly options: SqsLambdaTriggerOptions) {
    this.clock = options.clock ?? wallClock;
    this.loops = Array.from(
      { length: options.concurrency ?? 1 },
      () =>
        new TriggerLoop(options.name, () => this.pollOnce(), {
          clock: this.clock,
          onError: options.onError,
          pauseAfterErrorMs: 1000,
        }),
    );
  }

  start() {
    for (const loop of this.loops) loop.start();
  }

  async stop() {
    await Promise.all(this.loops.map(loop => loop.stop()));
  }

  /** One long poll and, if it brought messages, one invocation; returns how many it handled. */
  async pollOnce(): Promise<number> {
    const messages = await this.options.queue.receive({
      maxMessages: this.options.batchSize ?? 10,
      waitTimeMs: 1000,
    });
    if (!messages.length) {
      // A long poll that found nothing; a queue that answers at once (in memory) is asked again
      // a little later rather than in a tight loop.
      await this.clock.sleep(100);
      return 0;
    }
    let failed: Set<string>;
    try {
      const response = await this.options.handler(
        { Records: messages.map(m => this.record(m)) },
        lambdaContext(),
      );
      failed = new Set(
        (response?.batchItemFailures ?? []).map(f => f.itemIdentifier),
      );
    } catch (error) {
      this.options.onError?.(this.options.name, error as Error);
      return messages.length;
    }
    for (const f of failed)
      this.options.onError?.(
        this.options.name,
        new Error(
          `message ${f} failed; it comes back after its visibility timeout`,
        ),
      );
    await Promise.all(
      messages
        .filter(m => !failed.has(messageId(m)))
        .map(m => this.options.queue.ack(m)),
    );
    return messages.length;
  }

  private record(m: ReceivedMessage): SQSRecord {
    return {
      messageId: messageId(m),
      receiptHandle: String(m.handle),
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.deliveryCount),
        SentTimestamp: '0',
        SenderId: 'sandbox',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.attributes).map(([k, v]) => [
          k,
          { stringValue: v, dataType: 'String' },
        ]),
      ),
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: 'local',
    };
  }
}

/** A delivery's own id: the port's message id may repeat (a duplicate send), the handle does not. */
function messageId(m: ReceivedMessage) {
  return String(m.handle);
}

function lambdaContext(): Context {
  const deadline = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'sandbox',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:sandbox',
    memoryLimitInMB: '512',
    awsRequestId: 'sandbox',
    logGroupName: 'sandbox',
    logStreamName: 'sandbox',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
