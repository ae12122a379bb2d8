import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createSandboxServer } from './protocolErrors';

/**
 * A server of the sandbox that can be made unreachable, as a region in `down` chaos is: what a
 * client gets back, byte for byte, for well-formed and malformed requests.
 */
let down = false;
let handled = 0;
let server: Server;
let port: number;

beforeAll(async () => {
  server = createSandboxServer(
    (_req, res) => {
      handled += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    },
    { unreachable: () => down },
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(r => server.close(r));
});
afterEach(() => {
  down = false;
});

/** Everything the server sends back on `socket` for `text`, until it closes the connection. */
function exchange(socket: Socket, text: string): Promise<string> {
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    socket.on('data', c => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A reset is how the client learns there is nobody: the bytes so far are the answer.
    socket.on('error', () => undefined);
    socket.write(text);
  });
}

const opened = () =>
  new Promise<Socket>(resolve => {
    const socket: Socket = connect(port, '127.0.0.1', () => resolve(socket));
  });

const requests: [string, string, RegExp][] = [
  [
    'a well-formed request',
    'GET /items HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
    /^HTTP\/1\.1 200 /,
  ],
  [
    'a request its parser refuses',
    'BREW /items HTTP/1.1\r\nhost: x\r\n\r\n',
    /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*HPE_INVALID_METHOD/,
  ],
  [
    'a request with two content lengths',
    'GET /items HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n',
    /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*HPE_UNEXPECTED_CONTENT_LENGTH/,
  ],
  [
    'a request without a Host header',
    'GET /items HTTP/1.0\r\n\r\n',
    /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*no Host header/,
  ],
  [
    'a CONNECT request',
    'CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n',
    /^HTTP\/1\.1 405 Method Not Allowed\r\n/,
  ],
];

describe('a server of the sandbox', () => {
  it.each(requests)('answers %s while reachable', async (_name, text, re) => {
    expect(await exchange(await opened(), text)).toMatch(re);
  });

  it.each(requests)(
    'answers %s with nothing at all while unreachable',
    async (_name, text) => {
      const before = handled;
      down = true;
      expect(await exchange(await opened(), text)).toBe('');
      expect(handled).toBe(before);
    },
  );

  it.each(requests)(
    'answers %s with nothing on a connection opened before it became unreachable',
    async (_name, text) => {
      const socket = await opened();
      // The server has taken the connection before the region goes down.
      await new Promise(r => setTimeout(r, 50));
      const before = handled;
      down = true;
      expect(await exchange(socket, text)).toBe('');
      expect(handled).toBe(before);
    },
  );
});
