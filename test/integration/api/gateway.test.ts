import { randomBytes } from 'node:crypto';
import net from 'node:net';
import Redis from 'ioredis';
import { createGateway, type Gateway, type GatewayDeps } from '../../../api/gateway';
import type { HealthProbe } from '../../../api/health/health-probe';
import { silentLogger } from '../../../api/logger';
import { ConfigSchema, type OpenTradeConfig } from '../../../core/config/schema';
import { json } from './json';
import { closedPort, redisPingProbe, tcpProbe } from './probes';
import { connectWs, MessageLog } from './ws-client';

const REDIS_URL = process.env.REDIS_URL;
const TOKEN = randomBytes(24).toString('hex');
const WEB_PORT = 3999;

function testConfig(): OpenTradeConfig {
  const config = ConfigSchema.parse({ gateway: { token: TOKEN }, web: { port: WEB_PORT } });
  // Port 0: the OS picks a free one, so parallel runs never collide.
  return { ...config, gateway: { ...config.gateway, host: '127.0.0.1', port: 0 } };
}

const running: Gateway[] = [];
async function startGateway(
  deps: Partial<GatewayDeps> & { health: HealthProbe[] },
): Promise<{ gateway: Gateway; url: string; wsUrl: string }> {
  const gateway = createGateway({ config: testConfig(), logger: silentLogger, ...deps });
  running.push(gateway);
  const { url } = await gateway.start();
  return { gateway, url, wsUrl: `${url.replace(/^http/, 'ws')}/ws` };
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

/** A real probe that passes: Redis when the stack provides it, else a TCP connect to a listener we own. */
async function passingProbe(): Promise<HealthProbe> {
  if (REDIS_URL) return redisPingProbe(REDIS_URL);
  const server = net.createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAllClose.push(server);
  return tcpProbe('listener', '127.0.0.1', (server.address() as net.AddressInfo).port);
}
const afterAllClose: net.Server[] = [];
afterAll(() => afterAllClose.forEach((s) => s.close()));

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('GET /api/v1/health', () => {
  it('answers 200 "ok" with each dependency and its latency when all pass', async () => {
    const probe = await passingProbe();
    const { url } = await startGateway({ health: [probe] });
    const res = await fetch(`${url}/api/v1/health`);
    const body = await json(res);
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.dependencies).toHaveLength(1);
    expect(body.dependencies[0]).toMatchObject({ name: probe.name, status: 'ok', required: true });
    expect(typeof body.dependencies[0].latencyMs).toBe('number');
  });

  it('answers 503 naming the failing required dependency, with why', async () => {
    const port = await closedPort();
    const { url } = await startGateway({ health: [await passingProbe(), tcpProbe('temporal', '127.0.0.1', port)] });
    const res = await fetch(`${url}/api/v1/health`);
    const body = await json(res);
    expect(res.status).toBe(503);
    expect(body.status).toBe('degraded');
    const failing = body.dependencies.filter((d: { status: string }) => d.status === 'fail');
    expect(failing.map((d: { name: string }) => d.name)).toEqual(['temporal']);
    expect(failing[0].detail).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it('stays 200 but "degraded" when only an optional dependency fails', async () => {
    const port = await closedPort();
    const { url } = await startGateway({
      health: [await passingProbe(), tcpProbe('worker', '127.0.0.1', port, false)],
    });
    const res = await fetch(`${url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe('degraded');
  });

  it('counts a probe that hangs as failed after the timeout instead of hanging /health', async () => {
    const hanging: HealthProbe = { name: 'postgres', check: () => new Promise(() => undefined) };
    const { url } = await startGateway({ health: [hanging], healthTimeoutMs: 200 });
    const started = Date.now();
    const res = await fetch(`${url}/api/v1/health`);
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await json(res)).dependencies[0]).toMatchObject({
      name: 'postgres',
      status: 'fail',
      detail: 'no answer within 200 ms',
    });
  });

  it('runs the probes once for requests that arrive while a check is in flight', async () => {
    let calls = 0;
    const slow: HealthProbe = {
      name: 'postgres',
      check: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 150));
        return { status: 'ok' };
      },
    };
    const { url } = await startGateway({ health: [slow] });
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/api/v1/health`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(calls).toBe(1);
    await fetch(`${url}/api/v1/health`);
    expect(calls).toBe(2); // a later request checks afresh
  });

  it('never shows credentials from a probe error', async () => {
    const leaky: HealthProbe = {
      name: 'postgres',
      check: async () => {
        throw new Error(`cannot connect to postgres://opentrade:hunter22@db:5432/x with token ${TOKEN}`);
      },
    };
    const { url } = await startGateway({ health: [leaky] });
    const text = await (await fetch(`${url}/api/v1/health`)).text();
    expect(text).toContain('postgres://***@db:5432/x');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain(TOKEN);
  });
});

describe('bearer auth', () => {
  it('refuses a request without a token with 401 JSON', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/version`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await json(res)).error.code).toBe('unauthorized');
  });

  it('refuses a wrong token without echoing it', async () => {
    const { url } = await startGateway({ health: [] });
    const wrong = 'wrong-token-' + randomBytes(8).toString('hex');
    const res = await fetch(`${url}/api/v1/version`, { headers: { Authorization: `Bearer ${wrong}` } });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text).error.code).toBe('unauthorized');
    expect(text).not.toContain(wrong);
  });

  it('accepts the right token', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/version`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: 'opentrade', node: process.version });
  });
});

describe('routes and errors', () => {
  it('GET /api/v1/config returns the running config with the token redacted', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/config`, { headers: auth });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(TOKEN);
    const body = JSON.parse(text);
    expect(body.gateway.token).toBe('<redacted>');
    expect(body.risk.max_leverage).toBe(3);
  });

  it('answers 400 with the dotted path of every invalid field', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'Not A Type', data: 1 }, { data: 2 }] }),
    });
    const body = await json(res);
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['events.0.type', 'events.1.type']);
    expect(body.error.message).toMatch(/events\.\d\.type/);
  });

  it('answers 400 invalid_request when the body is missing or not JSON typed', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/application\/json/);
  });

  it('answers 400 invalid_json, not 500, for malformed JSON', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"events": [',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error.code).toBe('invalid_json');
    expect(text).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('answers 413 for a body over the limit', async () => {
    const { url } = await startGateway({ health: [] });
    const big = JSON.stringify({ events: [{ type: 'x', data: 'a'.repeat(300 * 1024) }] });
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });

  it('answers 404 JSON for an unknown route', async () => {
    const { url } = await startGateway({ health: [] });
    const res = await fetch(`${url}/api/v1/no-such-thing`, { headers: auth });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/no-such-thing' } });
  });

  it('allows CORS only for the dashboard origin', async () => {
    const { url } = await startGateway({ health: [] });
    const preflight = (origin: string) =>
      fetch(`${url}/api/v1/config`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const ok = await preflight(`http://127.0.0.1:${WEB_PORT}`);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${WEB_PORT}`);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const evil = await preflight('http://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${url}/api/v1/health`, { headers: { Origin: 'http://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('WebSocket /ws', () => {
  it('refuses the upgrade with 401 without a token or with a wrong one', async () => {
    const { wsUrl } = await startGateway({ health: [] });
    const none = await connectWs(wsUrl);
    expect(none).toMatchObject({ opened: false, status: 401 });
    const wrong = await connectWs(wsUrl, { protocols: ['bearer', 'not-the-token'] });
    expect(wrong).toMatchObject({ opened: false, status: 401 });
    expect(wrong.opened === false && JSON.parse(wrong.body).error.code).toBe('unauthorized');
  });

  it('refuses a browser origin that is not the dashboard with 403', async () => {
    const { wsUrl } = await startGateway({ health: [] });
    const outcome = await connectWs(`${wsUrl}?token=${TOKEN}`, { headers: { Origin: 'http://evil.example' } });
    expect(outcome).toMatchObject({ opened: false, status: 403 });
  });

  it('accepts the token as subprotocol (selecting "bearer", never echoing it) and delivers published events', async () => {
    const { gateway, wsUrl } = await startGateway({ health: [] });
    const outcome = await connectWs(wsUrl, {
      protocols: ['bearer', TOKEN],
      headers: { Origin: `http://localhost:${WEB_PORT}` },
    });
    if (!outcome.opened) throw new Error(`upgrade refused: ${outcome.status} ${outcome.body}`);
    expect(outcome.socket.protocol).toBe('bearer');
    const log = new MessageLog(outcome.socket);
    await gateway.publish({ type: 'decision', data: { symbol: 'BTC/USDT', action: 'HOLD' }, ts: 1 });
    expect(await log.next((m) => m.type === 'decision')).toEqual({
      type: 'decision',
      data: { symbol: 'BTC/USDT', action: 'HOLD' },
      ts: 1,
    });
    outcome.socket.close();
  });

  it('delivers only subscribed types after {subscribe}', async () => {
    const { gateway, wsUrl } = await startGateway({ health: [] });
    const outcome = await connectWs(`${wsUrl}?token=${TOKEN}`);
    if (!outcome.opened) throw new Error('upgrade refused');
    const log = new MessageLog(outcome.socket);
    outcome.socket.send(JSON.stringify({ subscribe: ['order'] }));
    expect((await log.next((m) => m.type === 'ws.subscribed')).data).toEqual({ types: ['order'] });
    await gateway.publish({ type: 'equity', data: 1, ts: 1 });
    await gateway.publish({ type: 'order', data: 2, ts: 2 });
    await log.next((m) => m.type === 'order');
    expect(log.messages.map((m) => m.type)).toEqual(['ws.subscribed', 'order']);
    outcome.socket.send('not json');
    expect((await log.next((m) => m.type === 'ws.error')).data).toMatchObject({ code: 'invalid_message' });
    outcome.socket.close();
  });

  it('drops a client that stops answering pings', async () => {
    const { gateway, url } = await startGateway({ health: [], heartbeatMs: 100 });
    const { port } = new URL(url);
    // A raw TCP client completes the handshake and then never answers a ping, like a dead peer.
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.write(
      `GET /ws?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const firstChunk = await new Promise<string>((resolve) => socket.once('data', (c) => resolve(c.toString())));
    expect(firstChunk).toMatch(/^HTTP\/1.1 101/);
    expect(gateway.hub.clientCount).toBe(1);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(gateway.hub.clientCount).toBe(0);
  });
});

(REDIS_URL ? describe : describe.skip)(
  `Redis fan-out (${REDIS_URL ? 'REDIS_URL set' : 'skipped: REDIS_URL not set'})`,
  () => {
    const clients: Redis[] = [];
    const redis = () => {
      const c = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
      clients.push(c);
      return c;
    };
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.quit()));
    });

    it('fans an event published on opentrade:events out to WebSocket clients, dropping malformed ones', async () => {
      const channel = `opentrade:events:test:${randomBytes(4).toString('hex')}`;
      const { wsUrl } = await startGateway({ health: [], events: { subscriber: redis(), channel } });
      const outcome = await connectWs(`${wsUrl}?token=${TOKEN}`);
      if (!outcome.opened) throw new Error('upgrade refused');
      const log = new MessageLog(outcome.socket);
      const publisher = redis();
      await publisher.publish(channel, 'not json');
      await publisher.publish(channel, JSON.stringify({ type: 'Bad Type', data: 1 }));
      await publisher.publish(channel, JSON.stringify({ type: 'fill', data: { qty: 0.5 }, ts: 42 }));
      expect(await log.next((m) => m.type === 'fill')).toEqual({ type: 'fill', data: { qty: 0.5 }, ts: 42 });
      expect(log.messages).toHaveLength(1);
      outcome.socket.close();
    });

    it('routes POST /api/v1/events through Redis so every gateway on the channel delivers it', async () => {
      const channel = `opentrade:events:test:${randomBytes(4).toString('hex')}`;
      const a = await startGateway({ health: [], events: { subscriber: redis(), publisher: redis(), channel } });
      const b = await startGateway({ health: [], events: { subscriber: redis(), channel } });
      const outcome = await connectWs(`${b.wsUrl}?token=${TOKEN}`);
      if (!outcome.opened) throw new Error('upgrade refused');
      const log = new MessageLog(outcome.socket);
      const res = await fetch(`${a.url}/api/v1/events`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ events: [{ type: 'session.state', data: { state: 'paused' } }] }),
      });
      expect(res.status).toBe(202);
      const got = await log.next((m) => m.type === 'session.state');
      expect(got.data).toEqual({ state: 'paused' });
      expect(Math.abs(got.ts - Date.now())).toBeLessThan(10_000);
      outcome.socket.close();
    });
  },
);
