import type { Context, SQSEvent } from 'aws-lambda';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { formatVersion } from '../domain/version';
import { createAwsFunctions } from '../entry/aws/functions';
import type { OutboundMessage } from '../ports/Transport';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import { Applier } from './Applier';
import { inboundBodyProblem } from './InboundApplier';
import { PackingSender, packBody, packMessages } from './eventPacks';

const NOW = 1_700_000_000_000;

let serial = 0;
/** A valid replication event from azure, as its relay writes it. */
function event(key: string, payload: unknown = { key }) {
  serial += 1;
  return {
    event_id: `7a1f4f7e-6a43-4a8b-9a65-${String(serial).padStart(12, '0')}`,
    source_region: 'azure',
    op_type: 'put',
    key,
    payload,
    timestamp: NOW,
    version: formatVersion({ wallMs: NOW, counter: serial, region: 'azure' }),
  };
}

const message = (e: ReturnType<typeof event>): OutboundMessage => ({
  id: e.event_id,
  body: JSON.stringify(e),
  attributes: { source_region: 'azure', version: e.version },
});

/** An event the applier refuses: a payload with a key no store keeps. */
const poison = (key: string) => event(key, { '': 1 });

function applier(store = new MemoryStore()) {
  const counts: Record<string, number> = {};
  return {
    store,
    counts,
    applier: new Applier({
      store,
      clock: new HybridLogicalClock({ region: 'aws', now: () => NOW }),
      now: () => NOW,
      metrics: {
        count: (name: string, n = 1) => {
          counts[name] = (counts[name] ?? 0) + n;
        },
        replicationLag: () => undefined,
      },
    }),
  };
}

describe('packMessages', () => {
  it('packs consecutive events up to the byte budget, and keeps a lone event as it is', () => {
    const events = ['a', 'b', 'c', 'd', 'e'].map(k => message(event(k)));
    const size = Buffer.byteLength(events[0].body);
    // Room for two events a pack (with the pack's envelope), not three.
    const packs = packMessages(events, 2 * size + 40);
    expect(packs.map(p => p.attributes?.events ?? '1')).toEqual([
      '2',
      '2',
      '1',
    ]);
    expect(packs[0].id).toBe(`${events[0].id}+1`);
    expect(packs[0].attributes?.source_region).toBe('azure');
    expect(Buffer.byteLength(packs[0].body)).toBeLessThanOrEqual(2 * size + 40);
    expect(JSON.parse(packs[1].body)).toEqual({
      kind: 'events',
      events: [JSON.parse(events[2].body), JSON.parse(events[3].body)],
    });
    expect(packs[2]).toBe(events[4]);
  });

  it('sends an event larger than the budget alone, between packs', () => {
    const small = message(event('s'));
    const large = message(event('l', { text: 'x'.repeat(5000) }));
    const packs = packMessages([small, small, large, small], 1000);
    expect(packs.map(p => p.attributes?.events ?? p.id)).toEqual([
      '2',
      large.id,
      small.id,
    ]);
  });

  it('is what a PackingSender hands to the queue', async () => {
    const queue = new MemoryTransport();
    const events = ['a', 'b', 'c'].map(k => message(event(k)));
    await new PackingSender(queue, 64 * 1024).send(events);
    const [received, ...rest] = await queue.receive({ maxMessages: 10 });
    expect(rest).toEqual([]);
    expect(JSON.parse(received.body).events.map((e: any) => e.key)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('Applier on a pack', () => {
  it('applies every event of a pack', async () => {
    const { applier: a, store } = applier();
    const body = packBody(
      [event('a'), event('b'), event('c')].map(e => JSON.stringify(e)),
    );
    expect(await a.handle(body)).toEqual({ outcome: 'applied' });
    expect((await store.get('b'))?.payload).toEqual({ key: 'b' });
    expect(await a.handle(body)).toEqual({ outcome: 'stale' });
  });

  it('applies the valid events and gives back only the refused ones, as one letter', async () => {
    const { applier: a, store, counts } = applier();
    const bad1 = poison('bad-1');
    const bad2 = poison('bad-2');
    const body = packBody(
      [event('a'), bad1, event('b'), bad2].map(e => JSON.stringify(e)),
    );
    const result = await a.handle(body);
    expect(result).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^2 of 4 events of a pack refused: event /),
    });
    expect(result.outcome === 'rejected' && JSON.parse(result.body!)).toEqual({
      kind: 'events',
      events: [bad1, bad2],
    });
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('b')).toBeDefined();
    expect(await store.get('bad-1')).toBeUndefined();
    expect(counts.dead_lettered).toBe(2);

    // One refused event is a letter of that event alone.
    const one = await a.handle(
      packBody([event('c'), bad1].map(e => JSON.stringify(e))),
    );
    expect(one.outcome === 'rejected' && JSON.parse(one.body!)).toEqual(bad1);
  });

  it('names the first three refused events in the reason and counts the rest', async () => {
    const { applier: a } = applier();
    const body = packBody(
      Array.from({ length: 50 }, (_, i) => JSON.stringify(poison(`p-${i}`))),
    );
    const result = await a.handle(body);
    expect(result.outcome === 'rejected' && result.reason).toMatch(
      /^50 of 50 events of a pack refused: event "[^"]+": .+; event .+; event .+; and 47 more$/,
    );
    expect(
      result.outcome === 'rejected' && JSON.parse(result.body!).events,
    ).toHaveLength(50);
  });

  it('retries the whole pack when the store fails for any of its events, and dead-letters nothing yet', async () => {
    const { applier: a, store, counts } = applier();
    store.failure = new Error('DynamoDB unavailable');
    const body = packBody(
      [event('a'), poison('bad')].map(e => JSON.stringify(e)),
    );
    expect(await a.handle(body)).toMatchObject({ outcome: 'retry' });
    expect(counts.dead_lettered).toBeUndefined();
  });

  it('refuses a pack without events whole', async () => {
    const { applier: a } = applier();
    expect(await a.handle('{"kind":"events","events":[]}')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/invalid event pack/),
    });
    expect(await a.handle('{"kind":"events"}')).toMatchObject({
      outcome: 'rejected',
    });
  });

  it('dead-letters only the refused events when it settles a pack off a queue', async () => {
    const { applier: a } = applier();
    const inbound = new MemoryTransport();
    const bad = poison('bad');
    await inbound.send([
      {
        id: 'pack',
        body: packBody([event('a'), bad].map(e => JSON.stringify(e))),
      },
    ]);
    await a.pollOnce(inbound);
    const letters = await inbound.peekDeadLetters();
    expect(letters.map(l => JSON.parse(l.body))).toEqual([bad]);
    expect(await inbound.receive({ maxMessages: 10 })).toEqual([]);
  });
});

describe('inboundBodyProblem on a pack', () => {
  it('sends back a pack with any valid event (the apply splits it), and keeps one whose every event is refused', () => {
    const mixed = packBody(
      [event('a'), poison('bad')].map(e => JSON.stringify(e)),
    );
    expect(inboundBodyProblem(mixed)).toBeUndefined();
    const refused = packBody(
      [poison('x'), poison('y')].map(e => JSON.stringify(e)),
    );
    expect(inboundBodyProblem(refused)).toMatch(
      /^every event of the pack is refused: /,
    );
    expect(inboundBodyProblem('{"kind":"events","events":[]}')).toMatch(
      /invalid event pack/,
    );
  });
});

describe('the AWS apply function on a pack', () => {
  it('applies the valid events, sends only the refused one to the dead-letter queue, and counts the record done', async () => {
    const store = new MemoryStore();
    const deadLetters = new MemoryTransport();
    const { apply } = createAwsFunctions({
      config: {
        REGION_ID: 'aws',
        AWS_REGION: 'local',
        SERVICE_VERSION: 'test',
        CONSISTENCY_MODE: 'active-active',
        FORWARD_WRITES: 'false',
        MAX_CLOCK_DRIFT_MS: 500,
      },
      store,
      peer: async () => new MemoryTransport(),
      deadLetters,
      deadLetterQueue: {
        receive: async () => [],
        redrive: async () => undefined,
        release: async () => undefined,
      },
      streamRecords: { read: async () => [] },
      metrics: { replicationLag: () => undefined, count: () => undefined },
      logger: { info: () => undefined, warn: () => undefined },
      now: () => NOW,
    });
    const bad = poison('bad');
    const sqsEvent: SQSEvent = {
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'handle-1',
          body: packBody(
            [event('a'), bad, event('b')].map(e => JSON.stringify(e)),
          ),
          attributes: { ApproximateReceiveCount: '1' } as never,
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:local:1:inbound',
          awsRegion: 'local',
        },
      ],
    };
    const result = await apply(sqsEvent, {
      getRemainingTimeInMillis: () => 30_000,
    } as Context);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('b')).toBeDefined();
    const letters = await deadLetters.receive({ maxMessages: 10 });
    expect(letters.map(l => JSON.parse(l.body))).toEqual([bad]);
    expect(letters[0].attributes.DeadLetterReason).toMatch(
      /^1 of 3 events of a pack refused/,
    );
  });
});
