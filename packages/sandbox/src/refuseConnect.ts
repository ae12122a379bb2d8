import type { Server } from 'node:http';

/**
 * Answers CONNECT with a 405 and a reason. Node's HTTP server hands CONNECT to a `connect`
 * listener and, without one, drops the connection with no answer at all ("Event: 'connect'"
 * in Node's http documentation); no server of the sandbox is a proxy.
 */
export function refuseConnect(server: Server): void {
  server.on('connect', (req, socket) => {
    const body = JSON.stringify({
      error: { message: `CONNECT ${req.url} is not served here: no server of the sandbox is a proxy` },
    });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(
        body,
      )}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
