import { marshall } from '@aws-sdk/util-dynamodb';
import type {
  ChangeFeed,
  CheckpointStore,
  MessageSender,
  StoredItem,
} from '@multicloud/runtime';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type InvocationErrorListener,
  type Trigger,
  TriggerLoop,
} from './Trigger';
import type { TriggerClock } from './TriggerClock';

/** The event source mapping's settings, as the Terraform module sets them. */
export interface StreamMappingSettings {
  batchSize: number;
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  /** -1: until the record expires (24 h on DynamoDB Streams). */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
}

/** terraform-modules/aws-service, `aws_lambda_event_source_mapping.relay`. */
export const RELAY_STREAM_MAPPING: StreamMappingSettings = {
  batchSize: 100,
  maximumRetryAttempts: 2,
  maximumRecordAgeSeconds: 3600,
  bisectBatchOnFunctionError: false,
};

export interface DynamoDbStreamTriggerOptions {
  /** The table's writes in commit order: the stream's shard, emulated. */
  feed: ChangeFeed;
  /** The mapping's position in the shard. */
  iterator: CheckpointStore;
  handler: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** The on-failure destination (an SQS queue). */
  onFailure: MessageSender;
  settings?: StreamMappingSettings;
  streamArn?: string;
  clock?: TriggerClock;
  onError?: InvocationErrorListener;
}

const SHARD_ID = 'shardId-00000000000000000000-sandbox';

/**
 * "Lambda polls shards in your DynamoDB stream for records at a base rate of 4 times per second"
 * ("Using AWS Lambda with Amazon DynamoDB", with-ddb.html), a fixed cadence whether the last
 * poll found records or not ("Lambda reads records from a stream at a fixed cadence (e.g. once
 * per second for Kinesis data streams)", AWS's announcement of batch windows for stream event
 * sources, 2019).
 */
const POLL_INTERVAL_MS = 250;

/**
 * Lambda's event source mapping on a DynamoDB stream, as documented:
 * - it polls the shard 4 times a second and invokes the function with a batch of up to
 *   BatchSize records, one batch at a time per shard, in order ("Using AWS Lambda with Amazon
 *   DynamoDB", https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html);
 * - when the function returns an error it retries the batch until the records expire, exceed
 *   MaximumRecordAgeInSeconds or reach MaximumRetryAttempts; BisectBatchOnFunctionError splits a
 *   failed batch in two, and "splitting batches doesn't consume the retry quota"; then it sends
 *   the batch's metadata (DDBStreamBatchInfo: shard, first and last sequence numbers, not the
 *   records) to the on-failure destination and goes on with the shard ("Retain discarded records
 *   for a DynamoDB event source in Lambda",
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 * The emulated stream's sequence numbers are the writes' versions.
 */
export class DynamoDbStreamTrigger implements Trigger {
  private readonly loop: TriggerLoop;
  private readonly settings: StreamMappingSettings;
  /** Batches sent to the on-failure destination, for the tests and the sandbox's figures. */
  discarded = 0;

  constructor(private readonly options: DynamoDbStreamTriggerOptions) {
    this.settings = options.settings ?? RELAY_STREAM_MAPPING;
    this.loop = new TriggerLoop('dynamodb-stream', () => this.pollOnce(), {
      clock: options.clock,
      onError: options.onError,
      pauseAfterErrorMs: POLL_INTERVAL_MS,
    });
  }

  private get clock() {
    return this.loop.clock;
  }

  start() {
    this.loop.start();
  }

  stop() {
    return this.loop.stop();
  }

  notify() {
    this.loop.notify();
  }

  /** Reads the next batch of the shard and hands it over; returns whether there was one. */
  async pollOnce(): Promise<boolean> {
    const { feed, iterator } = this.options;
    const polledAt = this.clock.now();
    const from = await iterator.load();
    const batch = await feed.read(from, { max: this.settings.batchSize });
    if (!batch.changes.length || batch.checkpoint === from) {
      await this.loop.pause(POLL_INTERVAL_MS);
      return false;
    }
    // Stopped mid-batch (the region went down): the iterator stays, the batch comes again.
    if (!(await this.deliver(batch.changes))) return false;
    await iterator.save(batch.checkpoint);
    // The next poll at the shard's cadence, a batch or not: what arrives meanwhile makes the next
    // batch. (At the sandbox's cadence a commit, even one during the batch, ends the pause.)
    await this.loop.pause(
      Math.max(0, POLL_INTERVAL_MS - (this.clock.now() - polledAt)),
    );
    return true;
  }

  /** Invokes until every record succeeded or was discarded; false if stopped before. */
  private async deliver(changes: StoredItem[]): Promise<boolean> {
    const pending = [{ records: changes, retries: 0 }];
    for (let first = true; pending.length; first = false) {
      // Each retry is a new invocation, paced here by the shard's poll interval.
      if (!first) await this.loop.pause(POLL_INTERVAL_MS);
      if (this.loop.stopped) return false;
      const { records, retries } = pending.shift()!;
      const maxAge = this.settings.maximumRecordAgeSeconds;
      if (
        maxAge >= 0 &&
        this.clock.now() - records[0].timestamp > maxAge * 1000
      ) {
        await this.discard(records);
        continue;
      }
      try {
        await this.options.handler(this.event(records));
      } catch (error) {
        this.options.onError?.('dynamodb-stream', error as Error);
        if (this.settings.bisectBatchOnFunctionError && records.length > 1) {
          const half = Math.ceil(records.length / 2);
          pending.unshift(
            { records: records.slice(0, half), retries },
            { records: records.slice(half), retries },
          );
        } else if (
          this.settings.maximumRetryAttempts < 0 ||
          retries < this.settings.maximumRetryAttempts
        ) {
          pending.unshift({ records, retries: retries + 1 });
        } else {
          await this.discard(records);
        }
      }
    }
    return true;
  }

  /** The on-failure destination gets where the records are, not the records. */
  private async discard(records: StoredItem[]) {
    this.discarded += 1;
    const first = records[0];
    const last = records[records.length - 1];
    await this.options.onFailure.send([
      {
        id: `${SHARD_ID}:${first.version}`,
        body: JSON.stringify({
          version: '1.0',
          timestamp: new Date(this.clock.now()).toISOString(),
          requestContext: { condition: 'RetryAttemptsExhausted' },
          DDBStreamBatchInfo: {
            shardId: SHARD_ID,
            startSequenceNumber: first.version,
            endSequenceNumber: last.version,
            batchSize: records.length,
            streamArn: this.streamArn,
          },
        }),
      },
    ]);
  }

  private get streamArn() {
    return (
      this.options.streamArn ??
      'arn:aws:dynamodb:local:000000000000:table/items/stream/sandbox'
    );
  }

  private event(records: StoredItem[]): DynamoDBStreamEvent {
    return { Records: records.map(r => this.record(r)) };
  }

  private record(item: StoredItem): DynamoDBRecord {
    const { key, ...rest } = item;
    return {
      eventID: item.event_id,
      eventName: 'MODIFY',
      eventSource: 'aws:dynamodb',
      eventSourceARN: this.streamArn,
      awsRegion: 'local',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(item.timestamp / 1000),
        Keys: marshall({ pk: key }) as never,
        NewImage: marshall(
          { pk: key, ...rest },
          { removeUndefinedValues: true },
        ) as never,
        SequenceNumber: item.version,
        StreamViewType: 'NEW_IMAGE',
      },
    };
  }
}
