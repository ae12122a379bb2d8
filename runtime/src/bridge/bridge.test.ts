import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { formatVersion } from '../domain/version';
import { FeedRelay } from '../feed/FeedRelay';
import { PollingChangeFeed } from '../feed/PollingChangeFeed';
import { MemoryCheckpointStore } from '../feed/checkpoints';
import { ItemService } from '../items/ItemService';
import { MemoryMetricsSink } from '../metrics/MetricsSink';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import { Applier } from './Applier';
import { Relay } from './Relay';

function region(
  name: string,
  inbound: MemoryTransport,
  outbound: MemoryTransport,
  now: () => number,
) {
  const store = new MemoryStore();
  const clock = new HybridLogicalClock({ region: name, now });
  const metrics = new MemoryMetricsSink(1000, now);
  return {
    store,
    metrics,
    inbound,
    items: new ItemService({ store, clock, now }),
    relay: new FeedRelay({
      feed: new PollingChangeFeed({ index: store, region: name }),
      checkpoints: new MemoryCheckpointStore(),
      relay: new Relay({ region: name, outbound, metrics }),
    }),
    applier: new Applier({ store, clock, metrics, now }),
  };
}

describe('the bridge', () => {
  let time = 1_000_000;
  const now = () => time;
  const toAzure = new MemoryTransport({ now });
  const toAws = new MemoryTransport({ now });
  const aws = region('aws', toAws, toAzure, now);
  const azure = region('azure', toAzure, toAws, now);

  it('replicates a write one way and does not send it back', async () => {
    await aws.items.put('order-1', { total: 10 });
    expect(await aws.relay.drain()).toBe(1);
    time += 40;
    const outcomes = await azure.applier.pollOnce(toAzure);
    expect(outcomes).toEqual([{ outcome: 'applied' }]);
    expect((await azure.store.get('order-1'))?.payload).toEqual({ total: 10 });
    // The applied remote write is in azure's store, but azure's relay must not echo it.
    expect(await azure.relay.drain()).toBe(0);
    expect((await toAws.depth()).active).toBe(0);
    expect(azure.metrics.lagPercentiles()).toMatchObject({
      count: 1,
      last: 40,
    });
  });

  it('applies a duplicate delivery once', async () => {
    await azure.items.put('order-2', { total: 20 });
    await azure.relay.drain();
    const [message] = await toAws.peekDeadLetters(); // none dead
    expect(message).toBeUndefined();
    const received = await toAws.receive();
    await toAws.send([{ id: received[0].id, body: received[0].body }]);
    await toAws.release(received[0]);
    time += 31_000;
    const outcomes = await aws.applier.pollOnce(toAws);
    expect(outcomes.map(o => o.outcome).sort()).toEqual(['applied', 'stale']);
  });

  it('dead-letters a poison message with the reason and keeps going', async () => {
    await toAws.send([
      { id: 'bad-json', body: '{not json' },
      { id: 'bad-shape', body: JSON.stringify({ key: 'x' }) },
      {
        id: 'too-far-ahead',
        body: JSON.stringify({
          event_id: '7a1f4f7e-6a43-4a8b-9a65-2f0e4b1c9d10',
          source_region: 'azure',
          op_type: 'put',
          key: 'future',
          payload: {},
          timestamp: time + 60_000,
          version: formatVersion({
            wallMs: time + 60_000,
            counter: 0,
            region: 'azure',
          }),
        }),
      },
    ]);
    const outcomes = await aws.applier.pollOnce(toAws);
    expect(outcomes.map(o => o.outcome)).toEqual([
      'rejected',
      'rejected',
      'rejected',
    ]);
    const dead = await toAws.peekDeadLetters();
    expect(dead.map(d => d.attributes.DeadLetterReason)).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/event_id/),
      expect.stringMatching(/ahead of the local clock/),
    ]);
    expect(await aws.store.get('future')).toBeUndefined();
  });

  it('leaves a message for another delivery when the store fails, then dead-letters it', async () => {
    const store = new MemoryStore();
    store.failure = new Error('store down');
    const queue = new MemoryTransport({
      now,
      maxDeliveries: 2,
      visibilityTimeoutMs: 10,
    });
    await azure.items.put('order-3', { total: 30 });
    const [change] = (await azure.store.list()).items.filter(
      i => i.key === 'order-3',
    );
    await new Relay({ region: 'azure', outbound: queue }).relayChanges([
      change,
    ]);
    const applier = new Applier({
      store,
      clock: new HybridLogicalClock({ region: 'aws', now }),
      now,
    });
    expect((await applier.pollOnce(queue))[0].outcome).toBe('retry');
    time += 20;
    expect((await applier.pollOnce(queue))[0].outcome).toBe('retry');
    time += 20;
    expect(await applier.pollOnce(queue)).toEqual([]);
    expect((await queue.depth()).deadLettered).toBe(1);
    store.failure = undefined;
    expect(await queue.replayDeadLetters()).toBe(1);
    expect((await applier.pollOnce(queue))[0].outcome).toBe('applied');
  });
});
