// Every command block of the README and of api/CONTRACT.md, run as written, in order, against a
// fresh embedded stack in an empty directory (its own ports, data and config), with each command's
// exit status and key output checked. A README change that breaks an example fails the build; a
// new command needs a check here, and a new block needs its `<!-- example -->` comment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { commandBlocks, type CommandBlock } from './readme-blocks';

jest.setTimeout(45 * 60_000);

const root = path.resolve(__dirname, '../../..');
const files = [path.join(root, 'README.md'), path.join(root, 'api', 'CONTRACT.md')];
const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-readme-'));
const home = path.join(dir, '.opentrade');
const shims = path.join(dir, 'bin');
const ports: Record<string, number> = {};
let up: { proc: ChildProcess; log: () => string; exited: Promise<number | null> } | undefined;
let sessionId: string | undefined;

/** The environment of a newcomer's shell: no service URLs of this test run, `opentrade` on PATH. */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${shims}:${process.env.PATH}` };
  for (const k of [
    'DATABASE_URL',
    'REDIS_URL',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_UI_URL',
    'OPENTRADE_CONFIG',
    'OPENTRADE_HOME',
  ])
    delete env[k];
  env.OPENTRADE_GATEWAY_TOKEN = readConfig()?.gateway?.token;
  return env;
}

function readConfig(): { gateway?: { token?: string } } | undefined {
  const file = path.join(dir, 'opentrade.config.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function sh(command: string, timeoutMs = 15 * 60_000) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
    cwd: dir,
    env: shellEnv(),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 2 ** 20,
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The README's addresses are the default ports; this stack listens on free ones. */
function localised(command: string): string {
  return command
    .replaceAll('127.0.0.1:18790', `127.0.0.1:${ports.gateway}`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${ports.web}`)
    .replaceAll('127.0.0.1:8233', `127.0.0.1:${ports.temporalUi}`);
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (up && up.proc.exitCode !== null) throw new Error(`opentrade up exited (${up.proc.exitCode}):\n${up.log()}`);
    const ok = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`the stack was not healthy within ${timeoutMs} ms:\n${up?.log()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stopUp(): Promise<void> {
  if (!up) return;
  if (up.proc.exitCode === null) up.proc.kill('SIGTERM');
  const code = await up.exited;
  const log = up.log();
  up = undefined;
  expect({ stopped: code, log: code === 0 ? '' : log }).toEqual({ stopped: 0, log: '' });
}

/** `opentrade up` as "in one terminal": in the background until the next `up` or the end. */
async function startUp(command: string): Promise<void> {
  await stopUp();
  const proc = spawn('bash', ['-c', `exec ${command}`], {
    cwd: dir,
    env: shellEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  up = { proc, log: () => out, exited: new Promise((r) => proc.once('exit', (code) => r(code))) };
  await waitForHealth(300_000);
}

type Check = (r: { stdout: string; stderr: string }) => void;

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

/** What each README command must print; a command with no entry fails the test. */
const CHECKS: [RegExp, Check][] = [
  [
    /^(npx )?opentrade trade (--mode paper )?--exchange sim .*--strategy ema-cross/,
    ({ stdout }) => {
      sessionId = /^session (\S+) started/m.exec(stdout)?.[1];
      expect(sessionId).toBeDefined();
      expect(stdout).toMatch(/Temporal UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\//);
    },
  ],
  [
    /^opentrade trade status <id> --json$/,
    ({ stdout }) => expect((json(stdout).state as { status: string }).status).toBe('running'),
  ],
  [
    /^opentrade trade pause <id>; opentrade trade resume <id>; opentrade trade kill <id> --yes$/,
    ({ stdout }) => {
      expect(stdout).toMatch(/pause/);
      expect(stdout).toMatch(/resume/);
      expect(stdout).toMatch(/kill/);
    },
  ],
  [
    /^opentrade data download --exchange sim --symbol BTC\/USDT --timeframe 1h --since 2026-01-01$/,
    ({ stdout }) => expect(stdout).toMatch(/stored \d{4,} candles, first 2026-01-01T00:00:00\.000Z, last 2026-/),
  ],
  [
    /^opentrade data export --exchange sim --symbol BTC\/USDT --timeframe 1h --out candles\.csv$/,
    () => expect(readFileSync(path.join(dir, 'candles.csv'), 'utf8').split('\n').length).toBeGreaterThan(1000),
  ],
  [
    /^opentrade strategy evolve ema-cross --exchange sim .* --generations \d+ --population \d+$/,
    ({ stdout }) => expect(stdout).toMatch(/generation/i),
  ],
  [/^opentrade strategy evolve ema-cross .*--schedule /, ({ stdout }) => expect(stdout).toMatch(/schedule/i)],
  [/^opentrade strategy versions ema-cross$/, ({ stdout }) => expect(stdout).toMatch(/^v\d+ +active /m)],
  [
    /^opentrade backtest --local --data candles\.csv .* --json$/,
    ({ stdout }) => expect(Object.keys(json(stdout))).toEqual(expect.arrayContaining(['metrics', 'trades', 'equity'])),
  ],
  [
    /^opentrade backtest --local --exchange sim .* --from 2026-01-01 --to 2026-06-30$/,
    ({ stdout }) => expect(stdout).toMatch(/trades/i),
  ],
  [/^npx opentrade trade stop <id>$/, ({ stdout }) => expect(stdout).toMatch(/stop/)],
  [/^npx opentrade setup --llm$/, ({ stdout, stderr }) => expect(`${stdout}${stderr}`).toMatch(/model/i)],
  [/^npx opentrade config set llm\./, ({ stdout }) => expect(stdout).toMatch(/^llm\.\S+ = "local"$/m)],
  [/^opentrade backtest --local --decide ensemble --agents llm /, ({ stdout }) => expect(stdout).toMatch(/trades/i)],
  [/^curl -s http:\/\/127\.0\.0\.1:\d+\/api\/v1\/health$/, ({ stdout }) => expect(json(stdout).ready).toBe(true)],
  [
    /^curl -s -H "Authorization: Bearer \$OPENTRADE_GATEWAY_TOKEN" .*\/api\/v1\/sessions$/,
    ({ stdout }) => expect(Array.isArray(json(stdout).items)).toBe(true),
  ],
];

function checkFor(command: string): Check {
  const hit = CHECKS.find(([re]) => re.test(command));
  if (!hit)
    throw new Error(
      `no check for the README command \`${command}\`: add one to CHECKS in ${path.basename(__filename)}`,
    );
  return hit[1];
}

const blocks: CommandBlock[] = files.flatMap((f) => commandBlocks(f));

beforeAll(async () => {
  mkdirSync(shims, { recursive: true });
  const opentrade = path.join(shims, 'opentrade');
  writeFileSync(opentrade, `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, 'bin', 'opentrade.js')}" "$@"\n`);
  // `npx opentrade` in an empty directory is the installed command; everything else is npx itself.
  const npx = path.join(shims, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\nif [ "$1" = opentrade ]; then shift; exec "${opentrade}" "$@"; fi\nexec "${path.join(path.dirname(process.execPath), 'npx')}" "$@"\n`,
  );
  chmodSync(opentrade, 0o755);
  chmodSync(npx, 0o755);
  for (const k of ['gateway', 'web', 'temporal', 'temporalUi', 'postgres', 'redis', 'llm'] as const)
    ports[k] = await freePort();

  // What a newcomer did before the examples: init, here on free ports so nothing else collides.
  const init = sh('opentrade init --yes');
  expect(init).toMatchObject({ code: 0 });
  const set = (p: string, v: number) => expect(sh(`opentrade config set ${p} ${v}`)).toMatchObject({ code: 0 });
  set('gateway.port', ports.gateway);
  set('web.port', ports.web);
  set('temporal.port', ports.temporal);
  set('temporal.uiPort', ports.temporalUi);
  set('postgres.port', ports.postgres);
  set('redis.port', ports.redis);
  set('llm.local.port', ports.llm);
  // The model file the test setup fetched, so `setup --llm` finds it instead of fetching it again.
  const models = path.join(root, '.opentrade', 'models');
  if (existsSync(models)) {
    mkdirSync(home, { recursive: true });
    symlinkSync(models, path.join(home, 'models'));
  }
});

afterAll(async () => {
  await stopUp().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

it('every shell block says what CI does with it', () => {
  const unmarked = blocks.filter((b) => !b.role).map((b) => `${path.basename(b.file)}:${b.line}`);
  expect(unmarked).toEqual([]);
  expect(blocks.filter((b) => b.role === 'example').length).toBeGreaterThanOrEqual(6);
});

it('runs every example as written, in order, on a fresh embedded stack', async () => {
  for (const block of blocks.filter((b) => b.role === 'example')) {
    for (const raw of block.commands) {
      const where = `${path.basename(block.file)}:${block.line} \`${raw}\``;
      if (/^(npx )?opentrade up(\s|$)/.test(raw)) {
        await startUp(raw);
        continue;
      }
      const check = checkFor(raw);
      if (raw.includes('<id>') && !sessionId) throw new Error(`${where}: no session was started before it`);
      const r = sh(localised(raw.replaceAll('<id>', sessionId ?? '')));
      expect({ where, code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ where, code: 0, stderr: '' });
      try {
        check(r);
      } catch (e) {
        throw new Error(
          `${where} printed what its check refused: ${(e as Error).message}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
          { cause: e },
        );
      }
    }
  }
  await stopUp();
});
