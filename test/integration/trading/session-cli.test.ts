// `opentrade trade` end to end: the real CLI process validates, starts a session, reads its status,
// signals it and kills it. Temporal is this file's own dev server, so the fixed trading task queue
// the CLI starts sessions on is polled by this file's worker only.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { sessionWorkflowId, type SessionStatus } from '../../../workflows/trading-contract';
import type { TradingSessionResult } from '../../../workflows/trading-session';
import { runCliAsync } from '../cli/run-cli';
import { sessionDeps, TEST_TOKEN, until } from './session-harness';
import { TemporalServer } from './session-processes';

jest.setTimeout(300_000);

const home = mkdtempSync(path.join(os.tmpdir(), 'ot-trade-cli-'));
const configFile = path.join(home, 'opentrade.config.json');
const temporal = new TemporalServer();
let deps: ReturnType<typeof sessionDeps>;
let worker: Worker;
let running: Promise<void>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  writeFileSync(configFile, JSON.stringify({ gateway: { token: TEST_TOKEN }, temporal: { uiPort: 18233 } }));
  await temporal.start();
  env = {
    OPENTRADE_CONFIG: configFile,
    OPENTRADE_HOME: home,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: undefined,
  };
  deps = sessionDeps(300);
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: temporal.address }),
    taskQueue: TASK_QUEUES.trading,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(deps),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await deps?.close();
  await temporal.stop();
});

const trade = (...args: string[]) => runCliAsync(['trade', ...args], env);

test('bad input is one clear line and a non-zero exit, and no session starts', async () => {
  const before = await deps.prisma.tradingSession.count();
  const bad = await trade('--strategy', 'moon', '--symbol', 'BTC/USDT');
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(bad.stderr).toMatch(/unknown strategy "moon".*ema-cross/);
  const live = await trade(
    '--mode',
    'live',
    '--exchange',
    'sim',
    '--confirm-live',
    '--strategy',
    'ema-cross',
    '--symbol',
    'BTC/USDT',
  );
  expect(live.code).toBe(1);
  expect(live.stderr).toMatch(/live mode on the sim market is refused/);
  const symbol = await trade('--strategy', 'ema-cross', '--symbol', 'NOPE/USDT');
  expect(symbol.stderr).toMatch(/symbol "NOPE\/USDT" is not listed on sim — some listed symbols: BTC\/USDT/);
  // The decision mode, protections and trailing stop: each refusal names its flag and what is valid.
  const base = ['--strategy', 'ema-cross', '--symbol', 'BTC/USDT'];
  for (const [flags, message] of [
    [['--decide', 'vote'], /--decide must be strategy or ensemble, got "vote"/],
    [
      ['--protect', 'stoploss-guard:lookback=60,limit=0,duration=30'],
      /--protect stoploss-guard limit: must be an integer within 1\.\.1000, got 0/,
    ],
    [['--protect', 'moon:x=1'], /--protect .*unknown protection "moon" \(valid: stoploss-guard, max-drawdown/],
    [['--trailing-stop', '0'], /--trailing-stop: trailingStopPct must be a percentage > 0 and <= 50/],
  ] as const) {
    const r = await trade(...base, ...flags);
    expect({ flags, code: r.code, lines: r.stderr.trim().split('\n').length }).toEqual({ flags, code: 1, lines: 1 });
    expect(r.stderr).toMatch(message);
  }
  expect(await deps.prisma.tradingSession.count()).toBe(before);
});

test('start, status, pause, resume, list and kill a session from the CLI', async () => {
  const started = await trade(
    '--exchange',
    'sim',
    '--symbol',
    'BTC/USDT',
    '--timeframe',
    '1m',
    '--strategy',
    'ema-cross',
    '--decide',
    'ensemble',
    '--protect',
    'cooldown:duration=5',
    '--trailing-stop',
    '2',
    '--json',
  );
  expect(started.stderr).toBe('');
  const out = JSON.parse(started.stdout) as { sessionId: string; workflowId: string; ui: string; decide: string };
  expect(out.decide).toBe('ensemble');
  expect(out.workflowId).toBe(sessionWorkflowId(out.sessionId));
  expect(out.ui).toBe(`http://127.0.0.1:18233/namespaces/default/workflows/${out.workflowId}`);
  expect((await deps.prisma.tradingSession.findUnique({ where: { id: out.sessionId } }))?.workflowId).toBe(
    out.workflowId,
  );

  let last = '';
  const status = await until(
    'a first cycle in the CLI status',
    async () => {
      const r = await trade('status', out.sessionId, '--json');
      last = `${r.code} ${r.stdout} ${r.stderr}`;
      const s = r.code === 0 ? (JSON.parse(r.stdout) as SessionStatus) : undefined;
      return s && s.state.cyclesRun >= 1 && s;
    },
    120_000,
    500,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last answer: ${last}`);
  });
  expect(status).toMatchObject({
    sessionId: out.sessionId,
    mode: 'paper',
    exchange: 'sim',
    symbols: ['BTC/USDT'],
    strategy: 'ema-cross',
    decide: 'ensemble',
    protections: { cooldownPeriod: { stopDurationCandles: 5 } },
    trailingStopPct: 2,
  });
  expect(Array.isArray((status as unknown as { locks: unknown }).locks)).toBe(true);

  expect((await trade('pause', out.sessionId)).stdout).toMatch(/pause sent/);
  await until(
    'paused',
    async () =>
      (JSON.parse((await trade('status', out.sessionId, '--json')).stdout) as SessionStatus).state.status === 'paused',
    60_000,
    300,
  );
  // A second pause finds the session paused: it says so, exits 0 and sends nothing.
  const again = await trade('pause', out.sessionId);
  expect({ code: again.code, stdout: again.stdout }).toEqual({
    code: 0,
    stdout: `session ${out.sessionId} is already paused\n`,
  });
  expect(JSON.parse((await trade('pause', out.sessionId, '--json')).stdout)).toEqual({
    sessionId: out.sessionId,
    signal: 'pause',
    sent: false,
    status: 'paused',
  });
  expect((await trade('resume', out.sessionId, '--json')).code).toBe(0);
  await until(
    'running again',
    async () =>
      (JSON.parse((await trade('status', out.sessionId, '--json')).stdout) as SessionStatus).state.status === 'running',
    60_000,
    300,
  );
  const notPaused = await trade('resume', out.sessionId);
  expect({ code: notPaused.code, stdout: notPaused.stdout }).toEqual({
    code: 0,
    stdout: `session ${out.sessionId} is not paused\n`,
  });
  const human = await trade('status', out.sessionId);
  expect(human.stdout).toMatch(new RegExp(`^session ${out.sessionId}: (running|paused)`));
  expect(human.stdout).toContain('decides by ensemble, protections cooldown, trailing stop 2%');
  expect(human.stdout).toMatch(/no active locks|lock CooldownPeriod on BTC\/USDT until /);

  const list = JSON.parse((await trade('list', '--json')).stdout) as { sessionId: string }[];
  expect(list.map((r) => r.sessionId)).toContain(out.sessionId);

  const unconfirmed = await trade('kill', out.sessionId);
  expect(unconfirmed.code).toBe(1);
  // The CLI's stdin here is a pipe, not a terminal: nothing to ask on.
  expect(unconfirmed.stderr).toContain('kill needs confirmation: run with --yes (no terminal to ask on)');
  expect((await trade('kill', out.sessionId, '--yes')).code).toBe(0);
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const result = (await client.workflow.getHandle(out.workflowId).result()) as TradingSessionResult;
  expect(result.status).toBe('killed');
  await client.connection.close();

  const unknown = await trade('status', 'no-such-session');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/cannot get the status of session "no-such-session"/);
});

test('--speed stores the sim clock at that speed on first use, and a different speed later is refused', async () => {
  const fresh = mkdtempSync(path.join(os.tmpdir(), 'ot-trade-speed-'));
  const speedEnv = { ...env, OPENTRADE_HOME: fresh, OPENTRADE_SIM_SPEED: undefined };
  const first = await runCliAsync(
    [
      'trade',
      '--exchange',
      'sim',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1m',
      '--strategy',
      'ema-cross',
      '--speed',
      '120',
      '--cycles',
      '1',
      '--json',
    ],
    speedEnv,
  );
  expect(first.stderr).toBe('');
  expect(JSON.parse(readFileSync(path.join(fresh, 'sim-clock.json'), 'utf8')).speed).toBe(120);
  const other = await runCliAsync(
    [
      'trade',
      '--exchange',
      'sim',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1m',
      '--strategy',
      'ema-cross',
      '--speed',
      '30',
    ],
    speedEnv,
  );
  expect(other.code).toBe(1);
  expect(other.stderr).toMatch(/the sim market already runs at speed 120/);
  await new Client({ connection: await Connection.connect({ address: temporal.address }) }).workflow
    .getHandle(JSON.parse(first.stdout).workflowId)
    .terminate('test done')
    .catch((e: Error) => {
      // A one-cycle session may have finished on its own already.
      if (!/already completed/i.test(e.message)) throw e;
    });
});
