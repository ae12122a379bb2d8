import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  cosmosClientFor,
  dynamoDbClientFor,
  RunningEmulator,
  startCosmosDbServer,
  startDynalite,
} from '@multicloud/cloud-fakes';
import { Applier } from '../bridge/Applier';
import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { toReplicationEvent } from '../domain/merge';
import { formatVersion } from '../domain/version';
import { MAX_DATA_JSON_BYTES } from '../domain/payloadContract';
import { ItemService } from '../items/ItemService';
import type { Store } from '../ports/Store';
import { CosmosStore, ensureCosmosContainer } from '../stores/CosmosStore';
import { DynamoDbStore, ensureDynamoDbTable } from '../stores/DynamoDbStore';
import { createApi } from './createApi';

/**
 * The differential test of the payload contract: each generated body is sent to the AWS side
 * (the API on DynamoDbStore, dynalite) and the Azure side (the API on CosmosStore,
 * cosmosdb-server). Both refuse it with the same status and message, or both store it; then each
 * side's item is replicated to the other through the Applier, as the bridge does, and every
 * copy reads back byte for byte the same, equal to what was sent.
 */
const NUM_BODIES = Number(process.env.DIFFERENTIAL_BODIES ?? 1000);

let dynalite: RunningEmulator;
let cosmos: RunningEmulator;

beforeAll(async () => {
  [dynalite, cosmos] = await Promise.all([
    startDynalite(),
    startCosmosDbServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([dynalite?.stop(), cosmos?.stop()]);
});

interface Side {
  name: string;
  store: Store;
  applier: Applier;
  send(method: string, path: string, body?: string): Promise<Answer>;
}
interface Answer {
  status: number;
  text: string;
}

function side(name: string, store: Store): Side {
  const clock = new HybridLogicalClock({ region: name });
  const api = createApi({
    items: new ItemService({ store, clock }),
    whoami: { cloud: name, region: name, instance: 'test', version: '1' },
    health: [],
  });
  return {
    name,
    store,
    applier: new Applier({ store, clock }),
    async send(method, path, body) {
      const response = await api.fetch(
        new Request(`http://service${path}`, {
          method,
          headers:
            body === undefined ? {} : { 'content-type': 'application/json' },
          body,
        }),
      );
      return { status: response.status, text: await response.text() };
    },
  };
}

/** Both sides, each on a table or container of its own that no other test writes to. */
async function freshSides(): Promise<[Side, Side]> {
  const tableName = `items-${randomUUID()}`;
  const dynamo = dynamoDbClientFor(dynalite.endpoint);
  await ensureDynamoDbTable(dynamo, tableName);
  const container = await ensureCosmosContainer(
    cosmosClientFor(cosmos.endpoint),
    'service',
    `items-${randomUUID()}`,
  );
  return [
    side('aws', new DynamoDbStore({ client: dynamo, tableName })),
    side('azure', new CosmosStore({ container })),
  ];
}

/** A JSON value whose numbers may be written as any literal, valid or not. */
type Doc =
  | { literal: string }
  | string
  | boolean
  | null
  | Doc[]
  | { entries: [string, Doc][] };

function write(doc: Doc): string {
  if (doc === null || typeof doc !== 'object') return JSON.stringify(doc);
  if (Array.isArray(doc)) return `[${doc.map(write).join(',')}]`;
  if ('literal' in doc) return doc.literal;
  return `{${doc.entries
    .map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`)
    .join(',')}}`;
}

const numberLiteral = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '0.1',
    '1E2',
    '1.5e-7',
    '1e17',
    '1e-200',
    '1e999',
    '-1e999',
    '1e-130',
    '9e-131',
    '9007199254740991',
    '9007199254740992',
    '-9007199254740991',
    '0.10000000000000000001',
    '123.45000000000000000',
    '1e308',
    '5e-324',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -(2 ** 53) - 5, max: 2 ** 53 + 5 }).map(n => String(n)),
  fc.integer().map(String),
);

/** Strings: any code points, lone surrogates, U+FFFE/U+FFFF, control characters. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc
    .integer({ min: 0xd800, max: 0xdfff })
    .map(c => `x${String.fromCharCode(c)}`),
  fc.constantFrom('\uFFFE', '\uFFFF', '\u0000', '\u2028', '😀', 'e\u0301', ''),
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  { weight: 2, arbitrary: text },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      '',
      '0',
      '10',
      'toString',
      'hasOwnProperty',
      'a.b',
      '#x',
      ':v',
    ),
  },
  { weight: 1, arbitrary: fc.constant('k'.repeat(70_000)) },
);

const docs = fc.letrec<{ doc: Doc; object: Doc }>(tie => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: numberLiteral.map(literal => ({ literal })) },
    { weight: 3, arbitrary: text },
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('doc'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(fc.tuple(key, tie('doc')), { maxLength: 4 })
    .map(entries => ({ entries })),
}));

/** Data nested `levels` deep, through objects and arrays, around a scalar or an empty container. */
const deep = fc
  .record({
    levels: fc.oneof(fc.integer({ min: 28, max: 36 }), fc.constantFrom(2_000)),
    arrays: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    leaf: fc.constantFrom('1', '"x"', '{}', '[]', 'null'),
  })
  .map(({ levels, arrays, leaf }) => {
    let inner: string = leaf;
    for (let i = levels - 2; i >= 0; i--)
      inner = arrays[i % 40] ? `[${inner}]` : `{"k":${inner}}`;
    return `{"a":${inner}}`;
  });

/** Data of about the largest size the contract allows, a few bytes either side. */
const nearTheLimit = fc
  .record({
    delta: fc.integer({ min: -3, max: 3 }),
    filler: fc.constantFrom('x', 'é', '😀', '\n'),
  })
  .map(({ delta, filler }) => {
    const unit = Buffer.byteLength(JSON.stringify(filler).slice(1, -1));
    const room = MAX_DATA_JSON_BYTES - '{"s":""}'.length + delta;
    const count = Math.floor(room / unit);
    return JSON.stringify({
      s: filler.repeat(count) + 'x'.repeat(room - count * unit),
    });
  });

const bodies = fc.oneof(
  { weight: 36, arbitrary: docs.object.map(write) },
  { weight: 9, arbitrary: deep },
  { weight: 1, arbitrary: nearTheLimit },
);

/** The data as both sides answer it: every object's keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

describe('the payload contract, AWS side against Azure side', () => {
  it(`refuses alike or stores alike, through replication, for ${NUM_BODIES} generated bodies`, async () => {
    const [aws, azure] = await freshSides();
    const tally = { stored: 0, refused: new Map<number, number>() };
    let n = 0;

    /** One body through both sides; returns the ids it stored. */
    async function check(body: string): Promise<string[]> {
      n += 1;
      const ids = new Map([aws, azure].map(s => [s, `${s.name}-${n}`]));
      const id = (s: Side) => ids.get(s)!;
      const [a, z] = await Promise.all(
        [aws, azure].map(s => s.send('PUT', `/items/${id(s)}`, body)),
      );
      // Both answer alike: the same status, and for a refusal the same 4xx and message.
      const answer = (x: Answer) => ({
        status: x.status,
        refusal: x.status === 200 ? undefined : JSON.parse(x.text),
      });
      expect(answer(z)).toEqual(answer(a));
      expect(a.status === 200 || (a.status >= 400 && a.status < 500)).toBe(
        true,
      );
      if (a.status !== 200) {
        tally.refused.set(a.status, (tally.refused.get(a.status) ?? 0) + 1);
        return [];
      }
      tally.stored += 1;
      // Replicate each side's item to the other, as the relay and the applier do.
      for (const [from, to] of [
        [aws, azure],
        [azure, aws],
      ]) {
        const item = await from.store.get(id(from));
        const message = JSON.stringify(toReplicationEvent(item!));
        expect(await to.applier.handle(message)).toEqual({
          outcome: 'applied',
        });
      }
      const sent = JSON.stringify(canonical(JSON.parse(body)));
      for (const origin of [aws, azure]) {
        const [onAws, onAzure] = await Promise.all(
          [aws, azure].map(s => s.send('GET', `/items/${id(origin)}`)),
        );
        expect(onAws.status).toBe(200);
        expect(onAzure.text).toBe(onAws.text);
        expect(JSON.stringify(JSON.parse(onAws.text).data)).toBe(sent);
      }
      return [...ids.values()];
    }

    // Bodies go through in groups of four at once, as concurrent clients would send them.
    const stored: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(bodies, { minLength: 4, maxLength: 4 }),
        async group => {
          for (const ids of await Promise.all(group.map(check)))
            stored.push(...ids);
        },
      ),
      { numRuns: Math.ceil(NUM_BODIES / 4) },
    );

    // What each store holds is exactly what was stored: no refused body left anything behind.
    for (const s of [aws, azure]) {
      const page = await s.store.list({ limit: 1000, includeDeleted: true });
      const keys = page.items.map(i => i.key);
      let cursor = page.cursor;
      while (cursor) {
        const next = await s.store.list({ limit: 1000, cursor });
        keys.push(...next.items.map(i => i.key));
        cursor = next.cursor;
      }
      expect(keys.sort()).toEqual([...stored].sort());
    }

    process.stdout.write(
      `differential payload test: ${n} bodies, ${
        tally.stored
      } stored alike, refused alike ${JSON.stringify(
        Object.fromEntries(tally.refused),
      )}\n`,
    );
    expect(n).toBeGreaterThanOrEqual(NUM_BODIES);
    // Both outcomes are exercised in earnest, so agreement is not agreement on one answer.
    expect(tally.stored).toBeGreaterThan(NUM_BODIES / 4);
    expect(tally.refused.get(400) ?? 0).toBeGreaterThan(NUM_BODIES / 4);
    expect(tally.refused.get(413) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('refuses an item nested 2,000 deep through the API and as a replicated event, and both stores keep answering', async () => {
    const sides = await freshSides();
    const deepData = `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    const event = JSON.stringify({
      event_id: randomUUID(),
      source_region: 'elsewhere',
      op_type: 'put',
      key: 'deep',
      payload: '<payload>',
      timestamp: Date.now(),
      version: formatVersion({
        wallMs: Date.now(),
        counter: 0,
        region: 'elsewhere',
      }),
    }).replace('"<payload>"', deepData);
    for (const s of sides) {
      expect((await s.send('PUT', '/items/deep', deepData)).status).toBe(400);
      expect(await s.applier.handle(event)).toEqual({
        outcome: 'rejected',
        reason: expect.stringMatching(/nests deeper than 32/),
      });
      expect((await s.send('PUT', '/items/after', '{"ok":true}')).status).toBe(
        200,
      );
      expect(await s.store.get('deep')).toBeUndefined();
    }
  });

  it('stores alike the data DynamoDB counts largest for its size as JSON, at the limit', async () => {
    // A list of one-digit numbers: 2 bytes of JSON each, 3 as DynamoDB sizes list elements
    // (1 byte of overhead, 2 for the number), the largest ratio of any JSON data.
    const count = Math.floor((MAX_DATA_JSON_BYTES - '{"l":[]}'.length + 1) / 2);
    const body = JSON.stringify({ l: Array(count).fill(7) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_DATA_JSON_BYTES - 2);
    const sides = await freshSides();
    const answers = await Promise.all(
      sides.map(async s => {
        await s.send('PUT', '/items/ones', body);
        return s.send('GET', '/items/ones');
      }),
    );
    expect(answers.map(a => a.status)).toEqual([200, 200]);
    expect(answers.map(a => JSON.stringify(JSON.parse(a.text).data))).toEqual([
      body,
      body,
    ]);
  }, 60_000);
});
