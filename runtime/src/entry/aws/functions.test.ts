import type { DeadLetterQueue } from '../../ports/DeadLetterQueue';
import type { Context, SQSEvent } from 'aws-lambda';
import { MemoryStore } from '../../stores/MemoryStore';
import { MemoryTransport } from '../../transports/MemoryTransport';
import type { StoredItem } from '../../ports/Store';
import { formatVersion } from '../../domain/version';
import { APPLY_RETRY_VISIBILITY_SECONDS } from './applyFunction';
import { createAwsFunctions, parseStreamFailure } from './functions';

/** A dead-letter queue with nothing in it: these tests do not run the redriver. */
const noDeadLetters: DeadLetterQueue = {
  receive: async () => [],
  redrive: async () => undefined,
  release: async () => undefined,
};

const config = {
  REGION_ID: 'aws',
  AWS_REGION: 'local',
  SERVICE_VERSION: 'test',
  CONSISTENCY_MODE: 'active-active' as const,
  FORWARD_WRITES: 'false' as const,
  MAX_CLOCK_DRIFT_MS: 500,
};

const item = (key: string): StoredItem => ({
  key,
  payload: { key },
  version: `000000000000001.000000.aws-${key}`,
  source_region: 'aws',
  timestamp: 1,
  event_id: `e-${key}`,
  deleted: false,
});

const onFailureRecord = (messageId: string, start: string, end: string) => ({
  messageId,
  receiptHandle: messageId,
  body: JSON.stringify({
    DDBStreamBatchInfo: {
      streamArn: 'arn:aws:dynamodb:local:1:table/t/stream/s',
      shardId: 'shard-1',
      startSequenceNumber: start,
      endSequenceNumber: end,
    },
  }),
  attributes: {} as never,
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:1:relay-failures',
  awsRegion: 'local',
});

const context = { getRemainingTimeInMillis: () => 30_000 } as Context;

describe('the AWS relay function on its on-failure queue', () => {
  function functions(
    peer: MemoryTransport,
    ranges: Record<string, StoredItem[]>,
  ) {
    return createAwsFunctions({
      config,
      store: new MemoryStore(),
      peer: async () => peer,
      deadLetters: new MemoryTransport(),
      deadLetterQueue: noDeadLetters,
      streamRecords: { read: async batch => ranges[batch.startSequenceNumber] },
      metrics: { replicationLag: () => undefined, count: () => undefined },
      logger: { info: () => undefined, warn: () => undefined },
    });
  }

  it('reads each failed range again and sends it to the peer', async () => {
    const peer = new MemoryTransport();
    const fns = functions(peer, {
      '1': [item('a'), item('b')],
      '7': [item('c')],
    });
    const event: SQSEvent = {
      Records: [
        onFailureRecord('m1', '1', '5'),
        onFailureRecord('m2', '7', '7'),
      ],
    };
    expect(await fns.relay(event, context)).toEqual({ batchItemFailures: [] });
    const sent = await peer.receive({ maxMessages: 10 });
    expect(sent.map(m => JSON.parse(m.body).key).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('fails only the ranges it could not send, for SQS to deliver again', async () => {
    const peer = new MemoryTransport();
    const fns = functions(peer, { '1': [item('a')], '2': [item('b')] });
    const send = peer.send.bind(peer);
    peer.send = async messages => {
      if (messages.some(m => m.body.includes('"key":"a"')))
        throw new Error('Service Bus refused');
      await send(messages);
    };
    const response = await fns.relay(
      {
        Records: [
          onFailureRecord('m1', '1', '1'),
          onFailureRecord('m2', '2', '2'),
        ],
      },
      context,
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it('names the fields an on-failure record lacks', () => {
    expect(() => parseStreamFailure('{"requestContext":{}}')).toThrow(
      /DDBStreamBatchInfo \(streamArn, shardId, startSequenceNumber, endSequenceNumber\)/,
    );
  });
});

describe('the AWS apply function on a store failure', () => {
  const event = (receiveCount: number): SQSEvent => ({
    Records: [
      {
        ...onFailureRecord('m1', '1', '1'),
        receiptHandle: 'handle-1',
        body: JSON.stringify({
          event_id: '8f0c1f5e-7d0a-4c4e-9f3a-2b1d6c5e4a01',
          source_region: 'azure',
          op_type: 'put',
          key: 'a',
          payload: { n: 1 },
          timestamp: 1,
          version: formatVersion({ wallMs: 1, counter: 0, region: 'azure' }),
        }),
        attributes: { ApproximateReceiveCount: String(receiveCount) } as never,
      },
    ],
  });

  function apply(visibility: { setVisibility: jest.Mock }) {
    const store = new MemoryStore();
    store.failure = new Error('DynamoDB unavailable');
    return createAwsFunctions({
      config,
      store,
      peer: async () => new MemoryTransport(),
      deadLetters: new MemoryTransport(),
      deadLetterQueue: noDeadLetters,
      inboundVisibility: visibility,
      streamRecords: { read: async () => [] },
      metrics: { replicationLag: () => undefined, count: () => undefined },
      logger: { info: () => undefined, warn: () => undefined },
      now: () => 2,
    }).apply;
  }

  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [4, 240],
  ])(
    'fails the record and brings it back sooner: receive %i, after %i s',
    async (receives, seconds) => {
      const visibility = { setVisibility: jest.fn(async () => undefined) };
      // Every record of the batch failed: the invocation fails (Powertools' FullBatchFailureError).
      await expect(apply(visibility)(event(receives), context)).rejects.toThrow(
        /All records failed/,
      );
      expect(visibility.setVisibility).toHaveBeenCalledWith(
        'handle-1',
        seconds,
      );
      expect(APPLY_RETRY_VISIBILITY_SECONDS[receives - 1]).toBe(seconds);
    },
  );

  it('leaves the queue’s own timeout from the fifth receive, and fails the record even when the visibility cannot be changed', async () => {
    const visibility = { setVisibility: jest.fn(async () => undefined) };
    await expect(apply(visibility)(event(5), context)).rejects.toThrow(
      /All records failed/,
    );
    expect(visibility.setVisibility).not.toHaveBeenCalled();

    const refusing = {
      setVisibility: jest.fn(async () => {
        throw new Error('SQS unavailable');
      }),
    };
    await expect(apply(refusing)(event(1), context)).rejects.toThrow(
      /All records failed/,
    );
    expect(refusing.setVisibility).toHaveBeenCalled();
  });
});
