import WebSocket from 'ws';
import type { Logger } from '../logger';
import type { GatewayEvent } from '../../core/events/gateway-event';
import { ClientMessageSchema } from './client-message';

export interface EventHubOptions {
  /** How often clients are pinged; one missed pong and the client is dropped. */
  heartbeatMs?: number;
  /** A client that lets this much outgoing data pile up is dropped rather than slowing the others. */
  maxBufferedBytes?: number;
  logger: Logger;
}

interface Client {
  socket: WebSocket;
  alive: boolean;
  /** null = every type (the default until the client subscribes). */
  types: Set<string> | null;
}

/**
 * Fans events out to WebSocket clients. A client receives every event until it sends
 * {"subscribe": [types]}; from then on only those types ("*" = all again). {"unsubscribe": [...]}
 * removes types. Each change is acknowledged with a `ws.subscribed` message.
 */
export class EventHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBufferedBytes: number;
  private closed = false;

  constructor(private readonly options: EventHubOptions) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  add(socket: WebSocket): void {
    if (this.closed) {
      socket.close(1001, 'gateway stopping');
      return;
    }
    const client: Client = { socket, alive: true, types: null };
    this.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (raw, isBinary) => this.onMessage(client, raw, isBinary));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', (err) => {
      this.options.logger.warn(`websocket client error: ${err.message}`);
      this.clients.delete(client);
    });
  }

  /** Sends the event to every client subscribed to its type; returns how many it was sent to. */
  publish(event: GatewayEvent): number {
    const payload = JSON.stringify(event);
    let sent = 0;
    for (const client of this.clients) {
      if (client.types !== null && !client.types.has(event.type)) continue;
      if (client.socket.readyState !== WebSocket.OPEN) continue;
      if (client.socket.bufferedAmount > this.maxBufferedBytes) {
        this.options.logger.warn('dropping a websocket client that does not keep up');
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.socket.send(payload);
      sent++;
    }
    return sent;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'gateway stopping');
    this.clients.clear();
  }

  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private onMessage(client: Client, raw: WebSocket.RawData, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(raw.toString());
    } catch {
      message = undefined;
    }
    const parsed = ClientMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.reply(client, 'ws.error', {
        code: 'invalid_message',
        message:
          'expected JSON {"subscribe": [types]} or {"unsubscribe": [types]}; types are lower-case event names or "*"',
      });
      return;
    }
    const msg = parsed.data;
    if ('subscribe' in msg) {
      if (msg.subscribe.includes('*')) client.types = null;
      else client.types = new Set([...(client.types ?? []), ...msg.subscribe]);
    } else if (msg.unsubscribe.includes('*')) {
      client.types = new Set();
    } else if (client.types !== null) {
      for (const type of msg.unsubscribe) client.types.delete(type);
    }
    this.reply(client, 'ws.subscribed', { types: client.types === null ? '*' : [...client.types].sort() });
  }

  private reply(client: Client, type: string, data: unknown): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify({ type, data, ts: Date.now() }));
  }
}
