import { MemoryStore, MemoryTransport } from '@multicloud/runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxRegion } from './SandboxRegion';

/** A region on in-memory ports, with no functions deployed: its HTTP side alone. */
describe('a sandbox region in down chaos', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-region-'));
  const store = new MemoryStore();
  const region = new SandboxRegion({
    service: 'orders',
    name: 'aws',
    store,
    index: store,
    inbound: new MemoryTransport(),
    outbound: new MemoryTransport(),
    deploy: () => ({
      triggers: [],
      feedTrigger: { start: () => undefined, stop: async () => undefined },
      invocations: {},
      scheduled: {
        redrive: async () => undefined,
        reconcile: async () => undefined,
      },
    }),
    dataDir,
    port: 0,
  });
  beforeAll(() => region.start());
  afterAll(async () => {
    await region.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the region sends back for `text` until it closes the connection. */
  const raw = (text: string) =>
    new Promise<string>(resolve => {
      const socket = connect(Number(new URL(region.url).port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', c => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
      socket.on('error', () => undefined);
      socket.write(text);
    });

  it.each([
    ['a well-formed request', 'GET /health HTTP/1.1\r\nhost: x\r\n\r\n'],
    ['a malformed one', 'BREW /items HTTP/1.1\r\nhost: x\r\n\r\n'],
    ['one without a Host header', 'GET /health HTTP/1.0\r\n\r\n'],
  ])(
    'answers %s with nothing, as an unreachable endpoint',
    async (_n, text) => {
      region.chaos = 'down';
      try {
        expect(await raw(text)).toBe('');
      } finally {
        region.chaos = 'none';
      }
      // Back up, it answers again: the parser's 400, or the API's own answer.
      expect(
        await raw(`${text.slice(0, -2)}connection: close\r\n\r\n`),
      ).toMatch(/^HTTP\/1\.1 \d{3} /);
    },
  );
});
