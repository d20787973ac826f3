import { randomBytes } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import Redis from 'ioredis';
import { silentLogger } from '../../../api/logger';
import { registerGatewayCommand, runGateway, withListenOverrides } from '../../../cli/commands/gateway';
import { ConfigSchema, type OpenTradeConfig } from '../../../core/config/schema';
import { closedPort } from './probes';
import { connectWs, MessageLog } from './ws-client';

const TOKEN = randomBytes(24).toString('hex');
const REDIS_URL = process.env.REDIS_URL;

async function configOnFreePort(): Promise<OpenTradeConfig> {
  return ConfigSchema.parse({ gateway: { token: TOKEN, port: await closedPort() } });
}

/** Runs the gateway until the returned stop() is called; resolves once it listens. */
async function run(config: OpenTradeConfig, redisUrl?: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const controller = new AbortController();
  let listening!: (url: string) => void;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const done = runGateway({
    config,
    health: [],
    redisUrl,
    logger: silentLogger,
    signal: controller.signal,
    onListening: listening,
  });
  const first = await Promise.race([url, done.then(() => '')]);
  if (!first) throw new Error('runGateway returned before listening');
  return {
    url: first,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

describe('runGateway', () => {
  it('serves on the configured host and port until stopped, then frees the port', async () => {
    const config = await configOnFreePort();
    const { url, stop } = await run(config);
    expect(url).toBe(`http://127.0.0.1:${config.gateway.port}`);
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    await stop();
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
  });

  it('fails with one clear line when the port is taken', async () => {
    const config = await configOnFreePort();
    const first = await run(config);
    try {
      await expect(runGateway({ config, health: [], logger: silentLogger })).rejects.toThrow(
        `gateway cannot listen on 127.0.0.1:${config.gateway.port}: the port is in use`,
      );
    } finally {
      await first.stop();
    }
  });

  it('refuses to start without the Redis it was given, naming it without its password', async () => {
    const url = `redis://:hunter22@127.0.0.1:${await closedPort()}`;
    const attempt = runGateway({ config: await configOnFreePort(), health: [], redisUrl: url, logger: silentLogger });
    await expect(attempt).rejects.toThrow(/gateway cannot connect to Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+/);
    await expect(attempt).rejects.not.toThrow(/hunter22/);
  });

  (REDIS_URL ? it : it.skip)(
    `fans out events published on Redis (${REDIS_URL ? 'REDIS_URL set' : 'skipped: REDIS_URL not set'})`,
    async () => {
      const { url, stop } = await run(await configOnFreePort(), REDIS_URL);
      const publisher = new Redis(REDIS_URL!);
      try {
        const outcome = await connectWs(`${url.replace('http', 'ws')}/ws`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        if (!outcome.opened) throw new Error(`upgrade refused: ${outcome.status}`);
        const log = new MessageLog(outcome.socket);
        await publisher.publish('opentrade:events', JSON.stringify({ type: 'equity', data: { equity: 10_000 } }));
        expect((await log.next((m) => m.type === 'equity')).data).toEqual({ equity: 10_000 });
        outcome.socket.close();
      } finally {
        await publisher.quit();
        await stop();
      }
    },
  );
});

describe('gateway command', () => {
  it('lets --port and --host override the config for this run', () => {
    const config = ConfigSchema.parse({ gateway: { token: TOKEN } });
    const changed = withListenOverrides(config, { port: 19999, host: '0.0.0.0' });
    expect(changed.gateway).toMatchObject({ port: 19999, host: '0.0.0.0', token: TOKEN });
    expect(withListenOverrides(config, {}).gateway).toEqual(config.gateway);
  });

  it('refuses a --port that is not a port, before loading anything', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    let loaded = false;
    registerGatewayCommand(program, {
      loadConfig: () => {
        loaded = true;
        return ConfigSchema.parse({ gateway: { token: TOKEN } });
      },
      buildHealthProbes: () => [],
    });
    for (const port of ['abc', '0', '70000', '12.5']) {
      await expect(program.parseAsync(['node', 'opentrade', 'gateway', '--port', port])).rejects.toThrow(
        CommanderError,
      );
    }
    expect(loaded).toBe(false);
  });
});
