/**
 * A region's writer and relay in a process of its own, for the crash test: it writes items, and
 * kills itself with SIGKILL right after the write given by CRASH_AFTER_COMMIT commits, before the
 * relay has published it. Run with MODE=relay it only drains the relay from its checkpoint.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoDbClientFor } from '@multicloud/cloud-fakes';
import { HybridLogicalClock } from '../../domain/HybridLogicalClock';
import { FileCheckpointStore } from '../../feed/checkpoints';
import { InFlightWrites } from '../../feed/InFlightWrites';
import { DynamoDbVersionIndex } from '../../feed/DynamoDbVersionIndex';
import { FeedRelay } from '../../feed/FeedRelay';
import { PollingChangeFeed } from '../../feed/PollingChangeFeed';
import { ItemService } from '../../items/ItemService';
import { DynamoDbStore } from '../../stores/DynamoDbStore';
import { SqsSender } from '../../transports/SqsTransport';
import { Relay } from '../Relay';

const env = process.env;
const store = new DynamoDbStore({
  client: dynamoDbClientFor(env.DYNAMO_ENDPOINT!),
  tableName: env.TABLE_NAME!,
});
const inFlight = new InFlightWrites();
const items = new ItemService({
  store,
  clock: new HybridLogicalClock({ region: 'aws' }),
  inFlight,
});
const relay = new FeedRelay({
  feed: new PollingChangeFeed({
    index: new DynamoDbVersionIndex({
      client: dynamoDbClientFor(env.DYNAMO_ENDPOINT!),
      tableName: env.TABLE_NAME!,
    }),
    region: 'aws',
    inFlight,
  }),
  checkpoints: new FileCheckpointStore(env.CHECKPOINT_FILE!),
  relay: new Relay({
    region: 'aws',
    outbound: new SqsSender({
      client: new SQSClient({
        endpoint: env.SQS_ENDPOINT,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
      queueUrl: env.QUEUE_URL!,
    }),
  }),
  batchSize: 7,
});

async function main() {
  if (env.MODE === 'relay') {
    const sent = await relay.drain();
    process.stdout.write(`drained ${sent}\n`);
    return;
  }
  const crashAfter = Number(env.CRASH_AFTER_COMMIT);
  for (let i = 1; i <= Number(env.WRITES); i++) {
    await items.put(`item-${i}`, { i });
    process.stdout.write(`committed item-${i}\n`);
    if (i === crashAfter) process.kill(process.pid, 'SIGKILL');
    if (i % 5 === 0) await relay.runOnce();
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
