import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbStreamRecords } from './DynamoDbStreamRecords';

const record = (seq: string, key: string | undefined) => ({
  dynamodb: {
    SequenceNumber: seq,
    NewImage: key
      ? (marshall({
          pk: key,
          payload: { key },
          version: `v${seq}`,
          source_region: 'aws',
          timestamp: 1,
          event_id: `e${seq}`,
          deleted: false,
        }) as never)
      : undefined,
  },
});

describe('DynamoDbStreamRecords', () => {
  it('reads a failed range again from its first sequence number to its last, across pages', async () => {
    const streams = mockClient(DynamoDBStreamsClient);
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'it-1' })
      .resolves({
        Records: [record('100', 'a'), record('150', undefined)],
        NextShardIterator: 'it-2',
      })
      .on(GetRecordsCommand, { ShardIterator: 'it-2' })
      .resolves({
        Records: [record('200', 'b'), record('300', 'after')],
        NextShardIterator: 'it-3',
      });
    const items = await new DynamoDbStreamRecords(
      new DynamoDBStreamsClient({ region: 'local' }),
    ).read({
      streamArn: 'arn:aws:dynamodb:local:1:table/t/stream/s',
      shardId: 'shard-1',
      startSequenceNumber: '100',
      endSequenceNumber: '200',
    });
    // A TTL removal (no new image) carries nothing to relay; the record past the range is left.
    expect(items.map(i => i.key)).toEqual(['a', 'b']);
    expect(
      streams.commandCalls(GetShardIteratorCommand)[0].args[0].input,
    ).toEqual({
      StreamArn: 'arn:aws:dynamodb:local:1:table/t/stream/s',
      ShardId: 'shard-1',
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: '100',
    });
  });

  it('stops at the end of an open shard', async () => {
    const streams = mockClient(DynamoDBStreamsClient);
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
    streams
      .on(GetRecordsCommand)
      .resolvesOnce({ Records: [record('100', 'a')], NextShardIterator: 'it' })
      .resolves({ Records: [], NextShardIterator: 'it' });
    const items = await new DynamoDbStreamRecords(
      new DynamoDBStreamsClient({ region: 'local' }),
    ).read({
      streamArn: 'arn',
      shardId: 'shard-1',
      startSequenceNumber: '100',
      endSequenceNumber: '900',
    });
    expect(items.map(i => i.key)).toEqual(['a']);
    expect(streams.commandCalls(GetRecordsCommand).length).toBe(4);
  });
});
