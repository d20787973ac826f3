import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import { BEARER_SUBPROTOCOL, checkUpgrade } from './upgrade-auth';

export interface WebSocketEndpointOptions {
  server: Server;
  hub: EventHub;
  token: string;
  allowedOrigins: readonly string[];
  logger: Logger;
  path?: string;
}

/** Clients only send small subscribe messages; anything bigger is abuse. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * Serves /ws on the gateway's HTTP server. Authentication happens before the upgrade, so a client
 * without the token gets a plain HTTP 401 and never a socket.
 */
export function attachWebSocketEndpoint(options: WebSocketEndpointOptions): { close(): void } {
  const path = options.path ?? '/ws';
  const origins = new Set(options.allowedOrigins);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    // Select "bearer", never echo the token back in the handshake response.
    handleProtocols: (protocols) => (protocols.has(BEARER_SUBPROTOCOL) ? BEARER_SUBPROTOCOL : false),
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway.invalid');
    } catch {
      rejectUpgrade(socket, 400, 'invalid_request', 'malformed request URL');
      return;
    }
    const verdict = checkUpgrade(req, url, options.token, origins, path);
    if (!verdict.ok) {
      rejectUpgrade(socket, verdict.status, verdict.code, verdict.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => options.hub.add(ws));
  };
  options.server.on('upgrade', onUpgrade);

  return {
    close() {
      options.server.off('upgrade', onUpgrade);
      wss.close();
    },
  };
}

function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      (status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      'Connection: close\r\n\r\n' +
      body,
  );
}
