import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type Redis from 'ioredis';
import type { OpenTradeConfig } from '../core/config/schema';
import { buildApp } from './app';
import type { GatewayData } from './data/gateway-data';
import { EVENTS_CHANNEL, type GatewayEvent } from '../core/events/gateway-event';
import { publishEventToRedis } from '../infra/adapters/events/publish-event';
import { startRedisEventBridge } from './events/redis-event-bridge';
import type { HealthProbe } from './health/health-probe';
import { dashboardOrigins } from './http/cors';
import { consoleLogger, type Logger } from './logger';
import { EventHub } from './ws/event-hub';
import { attachWebSocketEndpoint } from './ws/websocket-server';

export interface GatewayDeps {
  config: OpenTradeConfig;
  health: readonly HealthProbe[];
  logger?: Logger;
  /**
   * Redis pub/sub: with a subscriber, every event published on the channel reaches this gateway's
   * WebSocket clients; with a publisher, events posted to the API go through Redis (so every
   * gateway sees them) instead of straight to the local hub.
   */
  events?: { subscriber?: Redis; publisher?: Redis; channel?: string };
  heartbeatMs?: number;
  healthTimeoutMs?: number;
  /** Database, Temporal and exchanges for the data routes (owned by the caller, which closes them). */
  data?: GatewayData;
}

export interface Gateway {
  app: Express;
  server: Server;
  hub: EventHub;
  /** Fans an event out: through Redis when a publisher is configured, else to this gateway's clients. */
  publish(event: GatewayEvent): Promise<void>;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const logger = deps.logger ?? consoleLogger;
  const { config } = deps;
  const channel = deps.events?.channel ?? EVENTS_CHANNEL;
  const hub = new EventHub({ heartbeatMs: deps.heartbeatMs, logger });
  const publisher = deps.events?.publisher;
  const publish = async (event: GatewayEvent): Promise<void> => {
    if (publisher) await publishEventToRedis(publisher, event, channel);
    else hub.publish(event);
  };
  const app = buildApp({
    config,
    health: deps.health,
    publishEvent: publish,
    logger,
    startedAt: new Date(),
    healthTimeoutMs: deps.healthTimeoutMs,
    data: deps.data,
  });
  const server = createServer(app);
  const ws = attachWebSocketEndpoint({
    server,
    hub,
    token: config.gateway.token,
    allowedOrigins: dashboardOrigins(config),
    logger,
  });
  let bridge: { stop(): Promise<void> } | undefined;
  let stopped: Promise<void> | undefined;

  async function start(): Promise<{ url: string }> {
    if (deps.events?.subscriber) {
      bridge = await startRedisEventBridge({
        subscriber: deps.events.subscriber,
        channel,
        publish: (e) => hub.publish(e),
        logger,
      });
    }
    const { host, port } = config.gateway;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        const why =
          err.code === 'EADDRINUSE'
            ? 'the port is in use'
            : err.code === 'EADDRNOTAVAIL'
              ? 'no such local address'
              : err.message;
        reject(
          new Error(
            `gateway cannot listen on ${host}:${port}: ${why} (change gateway.port / gateway.host or pass --port / --host)`,
          ),
        );
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { url: `http://${shownHost}:${address.port}` };
  }

  function stop(): Promise<void> {
    stopped ??= (async () => {
      hub.close();
      ws.close();
      await bridge?.stop().catch((e: Error) => logger.warn(`could not unsubscribe from ${channel}: ${e.message}`));
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return stopped;
  }

  return { app, server, hub, publish, start, stop };
}
