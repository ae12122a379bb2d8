import { HybridLogicalClock } from '../domain/HybridLogicalClock';
import { MAX_DATA_JSON_BYTES } from '../domain/payloadContract';
import { formatVersion } from '../domain/version';
import { MemoryStore } from '../stores/MemoryStore';
import { MemoryTransport } from '../transports/MemoryTransport';
import { Applier } from './Applier';

const NOW = 1_700_000_000_000;

/** A replication message from azure whose payload is the given JSON text, as a forger writes it. */
function message(key: string, payloadJson: string): string {
  const envelope = JSON.stringify({
    event_id: '7a1f4f7e-6a43-4a8b-9a65-2f0e4b1c9d10',
    source_region: 'azure',
    op_type: 'put',
    key,
    payload: '<payload>',
    timestamp: NOW,
    version: formatVersion({ wallMs: NOW, counter: 0, region: 'azure' }),
  });
  return envelope.replace('"<payload>"', payloadJson);
}

const forged: [string, string, RegExp][] = [
  [
    'nested 2,000 deep',
    `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`,
    /nests deeper than 32/,
  ],
  ['with a __proto__ key', '{"x":{"__proto__":{"admin":true}}}', /__proto__/],
  ['with a number that overflows', '{"n":1e999}', /out of range/],
  ['with an integer past 2^53', '{"n":18014398509481984}', /larger than/],
  ['with a lone surrogate', '{"s":"\\ud800"}', /lone surrogate/],
  ['with an empty key', '{"":1}', /empty key/],
  [
    'larger than a Service Bus message carries',
    JSON.stringify({ s: 'x'.repeat(MAX_DATA_JSON_BYTES) }),
    /bytes as compact JSON/,
  ],
];

describe('Applier', () => {
  it.each(forged)(
    'dead-letters an event %s with the reason, before any store call',
    async (_name, payloadJson, reason) => {
      const store = new MemoryStore();
      const apply = jest.spyOn(store, 'apply');
      const inbound = new MemoryTransport({ now: () => NOW });
      const applier = new Applier({
        store,
        clock: new HybridLogicalClock({ region: 'aws', now: () => NOW }),
        now: () => NOW,
      });
      await inbound.send([{ id: 'forged', body: message('k', payloadJson) }]);

      expect(await applier.pollOnce(inbound)).toEqual([
        { outcome: 'rejected', reason: expect.stringMatching(reason) },
      ]);
      expect(apply).not.toHaveBeenCalled();
      const [dead] = await inbound.peekDeadLetters();
      expect(dead.attributes.DeadLetterReason).toMatch(/payload: /);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    },
  );

  it('applies an event whose payload keeps the contract', async () => {
    const store = new MemoryStore();
    const applier = new Applier({
      store,
      clock: new HybridLogicalClock({ region: 'aws', now: () => NOW }),
      now: () => NOW,
    });
    expect(
      await applier.handle(message('k', '{"total":1.5,"lines":[{"sku":"a"}]}')),
    ).toEqual({ outcome: 'applied' });
    expect((await store.get('k'))?.payload).toEqual({
      total: 1.5,
      lines: [{ sku: 'a' }],
    });
  });
});
