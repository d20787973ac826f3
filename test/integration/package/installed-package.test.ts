/**
 * The npm package as a user gets it: `npm pack` (whose prepack completes the dashboard's standalone
 * build), `npm install -g` of the tarball into a throw-away prefix, then the installed `opentrade`
 * in an empty directory with none of this checkout's environment: --help, init, backtest --local,
 * and `up` with the dashboard, a one-cycle paper session on the sim exchange, and SIGTERM.
 * The install takes about a minute with a warm npm cache (CI's `npm ci` fills it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { commandBlocks } from '../readme/readme-blocks';

jest.setTimeout(900_000);

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'candles', 'btc-usdt-1h-400.csv');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ot-package-'));
chmodSync(tmp, 0o755);
const prefix = path.join(tmp, 'prefix');
const work = path.join(tmp, 'empty');
const bin = path.join(prefix, 'bin', 'opentrade');
const installed = path.join(prefix, 'lib', 'node_modules', 'opentrade');

/**
 * A user's environment: this Node first on PATH (the bin's `#!/usr/bin/env node`), and nothing of
 * the test run's stack (DATABASE_URL and the rest, set by the integration global setup), config or npm script.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
  for (const k of Object.keys(env)) {
    if (k.startsWith('npm_') || k.startsWith('OPENTRADE_') || k.startsWith('NEXT_')) delete env[k];
  }
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS', 'INIT_CWD', 'PORT', 'HOSTNAME']) delete env[k];
  return env;
}

function run(command: string, args: string[], cwd: string, timeoutMs = 120_000) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs });
  const result = { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
  if (r.error) throw new Error(`${command} ${args.join(' ')}: ${r.error.message}\n${result.stdout}${result.stderr}`);
  return result;
}

function ot(...args: string[]) {
  const r = run(bin, args, work);
  if (r.code !== 0) throw new Error(`opentrade ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r;
}

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
/** The README's Install block: the steps this file runs, in this order (the prefix is a temporary one). */
const INSTALL_STEPS = [
  'npm pack',
  `npm install -g ./opentrade-${version}.tgz`,
  'mkdir my-desk && cd my-desk',
  'opentrade init --yes && opentrade setup',
  'opentrade up',
  'opentrade trade --mode paper --exchange sim --symbol BTC/USDT --timeframe 1m --strategy ema-cross --speed 120 --cycles 1',
];

const timings: Record<string, number> = {};
let tarball: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };
let up: ChildProcess | undefined;
let upOutput = '';

beforeAll(() => {
  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], root, 300_000);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  timings.packMs = pack.ms;
  tarball = JSON.parse(pack.stdout)[0];
  const install = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', path.join(tmp, tarball.filename)],
    tmp,
    600_000,
  );
  if (install.code !== 0) throw new Error(`npm install -g failed:\n${install.stdout}${install.stderr}`);
  timings.installMs = install.ms;
  mkdirSync(work); // fails if it exists: the directory starts empty
});

afterAll(async () => {
  if (up && up.exitCode === null && up.signalCode === null) {
    const exited = new Promise((r) => up!.once('exit', r));
    up.kill('SIGTERM');
    await exited;
  }
  process.stderr.write(
    `installed package: tarball ${tarball?.size} bytes (${tarball?.unpackedSize} unpacked, ${tarball?.entryCount} files); ${JSON.stringify(timings)}\n`,
  );
  rmSync(tmp, { recursive: true, force: true });
});

test('the README Install block is what this file runs', () => {
  const blocks = commandBlocks(path.join(root, 'README.md')).filter((b) => b.role === 'install');
  expect(blocks.map((b) => b.commands)).toEqual([INSTALL_STEPS]);
  expect(tarball.filename).toBe(`opentrade-${version}.tgz`);
});

test('the tarball holds what runs, the built dashboard, and nothing of the tests', () => {
  const files = tarball.files.map((f) => f.path);
  expect(files.filter((f) => /^(test|bench|\.ci|coverage)\//.test(f) || /\.test\.ts$/.test(f))).toEqual([]);
  expect(files.filter((f) => /(^|\/)fixtures\//.test(f) && !f.includes('/node_modules/'))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining([
      'bin/opentrade.js',
      'cli/main.ts',
      'prisma/schema.prisma',
      'prisma.config.ts',
      'scripts/prisma-generate.js',
      'web/.next/standalone/web/server.js',
      'web/.next/standalone/web/.next/BUILD_ID',
    ]),
  );
  expect(files.some((f) => f.startsWith('prisma/migrations/') && f.endsWith('/migration.sql'))).toBe(true);
  expect(files.some((f) => f.startsWith('web/.next/standalone/web/.next/static/'))).toBe(true);
  // Neither the dashboard's sources nor the checkout's own build outside the standalone tree.
  expect(files.filter((f) => f.startsWith('web/') && !f.startsWith('web/.next/standalone/'))).toEqual([]);
  // The installed package has no web workspace: no `next` beside it to build or start one.
  expect(existsSync(path.join(installed, 'node_modules', 'next'))).toBe(false);
  expect(existsSync(path.join(installed, 'prisma', 'generated', 'client.ts'))).toBe(true);
});

test('--help, init and backtest --local work in an empty directory and write only there', () => {
  expect(ot('--help').stdout).toContain('Usage: opentrade');
  expect(ot('init', '--yes').stdout).toContain(path.join(work, 'opentrade.config.json'));
  expect(existsSync(path.join(work, 'opentrade.config.json'))).toBe(true);
  // setup of an installed package: npm installed it and its dashboard comes built, so nothing is
  // installed or built inside it, and the config it finds is this directory's
  const setup = ot('setup');
  expect(`${setup.stdout}${setup.stderr}`).toContain(`config: ${path.join(work, 'opentrade.config.json')}`);
  expect(`${setup.stdout}${setup.stderr}`).not.toMatch(/npm ci|next build/);
  copyFileSync(fixture, path.join(work, 'candles.csv'));
  const bt = ot(
    'backtest',
    '--local',
    '--data',
    'candles.csv',
    '--strategy',
    'ema-cross',
    '--timeframe',
    '1h',
    '--json',
  );
  expect(JSON.parse(bt.stdout).metrics.trades).toBeGreaterThan(0);
  expect(readdirSync(installed).filter((f) => /opentrade\.config\.json|^\.opentrade$|^\.env$/.test(f))).toEqual([]);
});

test('up serves the gateway and the dashboard, runs a paper session, and stops on SIGTERM', async () => {
  const ports: Record<string, number> = {};
  for (const k of ['temporal.port', 'temporal.uiPort', 'gateway.port', 'postgres.port', 'redis.port', 'web.port']) {
    ports[k] = await freePort();
    ot('config', 'set', k, String(ports[k]));
  }
  const gateway = `http://127.0.0.1:${ports['gateway.port']}`;
  const dashboard = `http://127.0.0.1:${ports['web.port']}`;

  const started = Date.now();
  up = spawn(bin, ['up'], { cwd: work, env: userEnv() });
  up.stdout!.on('data', (c) => (upOutput += c));
  up.stderr!.on('data', (c) => (upOutput += c));
  const exited = new Promise<number | null>((r) => up!.once('exit', (code) => r(code)));
  const answers = (url: string) =>
    fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
  // Healthy: the gateway and the dashboard both answer 200.
  const readyBy = Date.now() + 180_000;
  while (!((await answers(`${gateway}/api/v1/health`)) && (await answers(dashboard)))) {
    if (up.exitCode !== null) throw new Error(`up exited ${up.exitCode}:\n${upOutput}`);
    if (Date.now() > readyBy) throw new Error(`up was not healthy within 180 s:\n${upOutput}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  timings.upMs = Date.now() - started;

  const page = await fetch(dashboard);
  expect(page.status).toBe(200);
  const html = await page.text();
  const asset = /\/_next\/static\/[^"]+\.(?:js|css)/.exec(html)?.[0];
  expect((await fetch(`${dashboard}${asset}`)).status).toBe(200);
  // The dashboard's server has the gateway's token (it mints the page's tickets) and its URL.
  const { ticket } = (await (await fetch(`${dashboard}/api/ticket`)).json()) as { ticket: string };
  expect((await fetch(`${gateway}/api/v1/sessions`, { headers: { authorization: `Bearer ${ticket}` } })).status).toBe(
    200,
  );
  const health = (await (await fetch(`${dashboard}/api/health`)).json()) as { gatewayUrl: string; httpStatus: number };
  expect([health.gatewayUrl, health.httpStatus]).toEqual([gateway, 200]);

  // up's worker bundles the workflows from the installed package (under node_modules) and polls.
  const workerBy = Date.now() + 120_000;
  for (;;) {
    const h = (await (await fetch(`${gateway}/api/v1/health`)).json()) as {
      dependencies: { name: string; status: string }[];
    };
    if (h.dependencies.find((d) => d.name === 'worker')?.status === 'ok') break;
    if (Date.now() > workerBy) {
      const log = readFileSync(path.join(work, '.opentrade', 'logs', 'worker.log'), 'utf8');
      throw new Error(`up's worker does not poll after 120 s; its log ends:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  timings.upToWorkerMs = Date.now() - started;

  // A one-cycle paper session on the sim exchange, run by up's worker to its end.
  const trade = ot(...INSTALL_STEPS[5].split(' ').slice(1), '--json');
  const { sessionId } = JSON.parse(trade.stdout) as { sessionId: string };
  const deadline = Date.now() + 120_000;
  let status: string | undefined;
  while (Date.now() < deadline) {
    const list = JSON.parse(ot('trade', 'list', '--json').stdout) as { sessionId: string; status: string }[];
    status = list.find((s) => s.sessionId === sessionId)?.status;
    if (status === 'stopped') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(status).toBe('stopped');
  timings.upToSessionDoneMs = Date.now() - started;

  up.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(existsSync(path.join(work, '.opentrade', 'endpoints.json'))).toBe(false);
  expect(JSON.parse(readFileSync(path.join(work, 'opentrade.config.json'), 'utf8')).gateway.port).toBe(
    ports['gateway.port'],
  );
  await expect(fetch(`${gateway}/api/v1/health`)).rejects.toThrow();
  await expect(fetch(dashboard)).rejects.toThrow();
});
