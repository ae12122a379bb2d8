import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';

/** Statuses for Node's parser errors (llhttp's codes); anything else the parser refuses is a 400. */
const PARSER_STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

function answer(socket: Duplex, status: number, text: string, message: string) {
  const body = JSON.stringify({ error: { message } });
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(
      body,
    )}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * What Node's HTTP server answers before any handler runs, with a reason in the body as every
 * other error of the sandbox has. Per Node's http documentation: without a `connect` listener a
 * CONNECT request has its connection closed with no answer (no server of the sandbox is a
 * proxy: 405); without a `clientError` listener a request the parser refuses gets a bare 400
 * (431 for headers too large) and no body.
 */
export function answerProtocolErrors(
  server: Server,
  unreachable: () => boolean = () => false,
): void {
  server.on('connect', (req, socket) => {
    if (unreachable()) {
      socket.destroy();
      return;
    }
    answer(
      socket,
      405,
      'Method Not Allowed',
      `CONNECT ${req.url} is not served here: no server of the sandbox is a proxy`,
    );
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Node's documented pattern: nothing to answer on a connection that is gone.
    if (error.code === 'ECONNRESET' || !socket.writable || unreachable()) {
      socket.destroy();
      return;
    }
    const [status, text] = PARSER_STATUS[error.code ?? ''] ?? [
      400,
      'Bad Request',
    ];
    answer(
      socket,
      status,
      text,
      `the request could not be parsed (${error.code ?? 'unknown'}): ${
        (error as { reason?: string }).reason ?? error.message
      }`,
    );
  });
}

/** An error answer with its reason, as every server of the sandbox gives one. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
) {
  const body = JSON.stringify({ error: { message } });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export interface SandboxServerOptions {
  /**
   * While true the server looks like an endpoint that cannot be reached (a region in `down`
   * chaos): every connection is closed without an answer, whatever arrives on it. Malformed
   * requests too: were Node's parser errors answered with a 400, a region that is down would
   * show itself to be up.
   */
  unreachable?: () => boolean;
}

/**
 * An HTTP server of the sandbox: protocol errors answered with a reason (answerProtocolErrors),
 * and a request without a Host header refused with one. RFC 9112 section 3.2 requires the 400;
 * Node sends it with no body (`requireHostHeader`), and the Hono servers cannot make a URL
 * without a host, so HTTP/1.0 requests without one are refused too.
 */
export function createSandboxServer(
  listener: RequestListener,
  options: SandboxServerOptions = {},
): Server {
  const unreachable = options.unreachable ?? (() => false);
  const server = createServer(
    { requireHostHeader: false },
    (req: IncomingMessage, res: ServerResponse) => {
      // A keep-alive connection opened before the server became unreachable.
      if (unreachable()) {
        req.socket.destroy();
        return;
      }
      if (!req.headers.host) {
        sendError(
          res,
          400,
          'the request has no Host header (RFC 9112 section 3.2 requires one)',
        );
        return;
      }
      listener(req, res);
    },
  );
  // New connections are closed before a byte is read, so nothing is parsed, let alone answered.
  server.on('connection', socket => {
    if (unreachable()) socket.destroy();
  });
  answerProtocolErrors(server, unreachable);
  return server;
}
