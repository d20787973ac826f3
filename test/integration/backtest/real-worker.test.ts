// The real CLI against a real worker process (`opentrade worker --queues backtest`): `opentrade
// backtest` prints what --local prints; --detach, status, list, cancel; bad input. Then that worker
// is SIGKILLed in the middle of a durable backtest and a second one finishes it with --local's trades.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { backtestConfig } from '../../../core/backtest/config';
import { backtestReport } from '../../../core/backtest/report';
import { pipelineReport } from '../../../core/pipeline/pipeline-report';
import { runPipelineBacktest } from '../../../core/pipeline/run-pipeline-backtest';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { pipelineOptionsFor } from '../../../infra/services/backtests/pipeline-options';
import {
  loadDurablePipelineReport,
  loadDurableResult,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
} from '../../../infra/services/backtests/client';
import { sqlFromPool } from '../../../infra/adapters/db/sql';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { backtestProgressQuery, TASK_QUEUES } from '../../../workflows/definitions';
import { expectSameReport, localJson, walkCandles } from './fixtures';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '../../..');
let prisma: PrismaClient;
let connection: Connection;
let clients: DurableBacktestClients;
const children: ChildProcess[] = [];
const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-cli-'));
const cliEnv = { ...process.env, OPENTRADE_CONFIG: path.join(home, 'none.json'), OPENTRADE_HOME: home };

/** `opentrade ...` as a user runs it (stderr is not a TTY here: no progress bar). */
function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/opentrade.js'), ...args], {
    cwd: root,
    env: cliEnv,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 2 ** 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The real CLI worker on the real backtest queue (this jest run has its own Temporal server). */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/opentrade.js'), 'worker', '--queues', 'backtest'], {
    cwd: root,
    env: { ...cliEnv, OPENTRADE_WORKER_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  (child as ChildProcess & { log: () => string }).log = () => log;
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  clients = {
    temporal: new Client({ connection }),
    sql: sqlFromPool(process.env.DATABASE_URL!),
    prisma,
    taskQueue: TASK_QUEUES.backtest,
  };
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await clients?.sql.close();
  await connection?.close();
  await prisma?.$disconnect();
});

let first: ChildProcess;

describe('opentrade backtest (durable) through the real CLI', () => {
  const csv = path.join(home, 'walk.csv');
  beforeAll(async () => {
    first = spawnWorker();
    // The worker prints this once it polls; before that the CLI (rightly) says no worker polls yet.
    await waitFor('the worker to poll', async () =>
      (first as ChildProcess & { log: () => string }).log().includes('worker polling') ? true : undefined,
    );
    const s = walkCandles(8_000, 17);
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < s.length; i++)
      lines.push(`${s.time[i]},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
  });

  const flags = [
    '--data',
    csv,
    '--strategy',
    'ema-cross',
    '--params',
    '{"fast":6,"slow":24,"allowShort":true}',
    '--stop-loss-pct',
    '1',
    '--timeframe',
    '1m',
  ];

  it('prints the same --json object and the same report as --local', () => {
    const local = cli(['backtest', '--local', ...flags, '--json']);
    expect(local.code).toBe(0);
    const durable = cli(['backtest', ...flags, '--json']);
    // stderr names the run, so a run that outlives the command can be found again
    const runId = /^backtest (bt\S+) \(workflow /.exec(durable.stderr)?.[1];
    // then, on a slow machine, plain progress lines and nothing else
    expect(durable.stderr.trim().split('\n').slice(1)).toEqual(
      durable.stderr
        .trim()
        .split('\n')
        .slice(1)
        .filter((l) => /^\d+ % /.test(l)),
    );
    expect(cli(['backtest', 'status', runId ?? 'none', '--json']).stdout).toContain('"status":"completed"');
    expect(durable.code).toBe(0);
    expectSameReport(durable.stdout.trimEnd(), local.stdout.trimEnd());
    expect(durable.stdout).toBe(local.stdout);

    const localText = cli(['backtest', '--local', ...flags]);
    const durableText = cli(['backtest', ...flags]);
    expect(durableText.code).toBe(0);
    expect(durableText.stdout).toBe(localText.stdout);
  });

  it('--decide strategy|ensemble with --protect and --trailing-stop: the same --json line and report as --local', () => {
    const pipeline = [
      ...flags,
      '--symbol',
      'BTC/USDT:USDT',
      '--protect',
      'cooldown:duration=5',
      '--trailing-stop',
      '0.5',
    ];
    for (const decide of ['strategy', 'ensemble']) {
      const args = ['--decide', decide, ...pipeline];
      const local = cli(['backtest', '--local', ...args, '--json']);
      expect(local.code).toBe(0);
      const report = JSON.parse(local.stdout) as { decide: string; trades: unknown[] };
      expect(report.decide).toBe(decide);
      expect(report.trades.length).toBeGreaterThan(0);
      const durable = cli(['backtest', ...args, '--json']);
      expect(durable.stderr).toMatch(/^backtest bt\S+ \(workflow [^\n]+\n(\d+ % [^\n]+\n)*$/);
      expect(durable.code).toBe(0);
      expect(durable.stdout).toBe(local.stdout);
    }
    const localText = cli(['backtest', '--local', '--decide', 'strategy', ...pipeline]);
    expect(localText.stdout).toContain('pipeline backtest (--decide strategy)');
    expect(cli(['backtest', '--decide', 'strategy', ...pipeline]).stdout).toBe(localText.stdout);
    const bad = cli(['backtest', '--decide', 'strategy', ...flags, '--trailing-stop', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--trailing-stop: trailingStopPct must be a percentage > 0');
  });

  it('--detach prints the run id; status, list and cancel report on it', async () => {
    const started = cli(['backtest', ...flags, '--detach']);
    expect(started.code).toBe(0);
    const runId = started.stdout.trim();
    expect(runId).toMatch(/^bt[0-9a-z]+$/);
    await clients.temporal.workflow.getHandle(`backtest-${runId}`).result();
    const status = cli(['backtest', 'status', runId, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      id: runId,
      status: 'completed',
      progress: 100,
      strategy: 'ema-cross',
      symbol: 'walk.csv',
    });
    expect(cli(['backtest', 'status', runId]).stdout).toContain(`${runId}  completed`);
    const list = cli(['backtest', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id)).toContain(runId);
    const cancel = cli(['backtest', 'cancel', runId]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain(`backtest ${runId} is already completed; nothing to cancel`);
  });

  it('bad input: a clear error and no run started', async () => {
    const before = await prisma.backtestRun.count();
    const unknown = cli(['backtest', '--data', csv, '--strategy', 'no-such-strategy']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no-such-strategy');
    const empty = cli(['backtest', '--exchange', 'nowhere', '--symbol', 'X/Y', '--timeframe', '1h']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no candles in the database for nowhere X/Y 1h');
    const missing = cli(['backtest', 'status', 'bt-nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('unknown backtest run bt-nope');
    expect(await prisma.backtestRun.count()).toBe(before);
  });
});

it('SIGKILL of the worker mid-run: another worker resumes and the trades are identical to --local', async () => {
  const series = walkCandles(120_000, 21);
  const config = backtestConfig({ stopLossPct: 1.5, takeProfitPct: 3, slippageBps: 3 });
  const params = { fast: 9, slow: 30, allowShort: true };
  const expected = localJson(series, 'ema-cross', params, config, 60_000);

  // Many small chunks with checkpoints inside them, so the kill lands mid-run, likely mid-chunk.
  const started = await startDurableBacktest(clients, {
    strategy: 'ema-cross',
    params,
    config,
    data: { series, file: 'kill.csv' },
    timeframe: '1m',
    chunkCandles: 1_500,
    checkpointCandles: 300,
  });
  const handle = clients.temporal.workflow.getHandle(started.workflowId);
  const before = await waitFor('the first chunks', async () => {
    const p = await handle.query(backtestProgressQuery);
    return p.phase === 'running' && p.chunk >= 5 ? p : undefined;
  });
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect(before.done).toBeLessThan(series.length); // killed mid-run, not after it

  const second = spawnWorker();
  const outcome = await waitForDurableBacktest(clients, started.runId);
  second.kill('SIGTERM');
  const { result, series: times } = await loadDurableResult(clients, started.runId);
  expectSameReport(JSON.stringify(backtestReport(times, result)), expected);
  expect(outcome.trades).toBe(JSON.parse(expected).trades.length);

  // The kill really interrupted work: what the dead worker held (a chunk, or the workflow task that
  // would schedule the next one) timed out and was taken over by the second worker.
  const history = await handle.fetchHistory();
  const timedOut = (history.events ?? []).filter(
    (e) => e.activityTaskTimedOutEventAttributes || e.workflowTaskTimedOutEventAttributes,
  );
  const retried = (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  expect(timedOut.length + retried.length).toBeGreaterThan(0);
});

it('SIGKILL of the worker mid pipeline run: another worker resumes from the last checkpoint with the report of --local', async () => {
  const first = spawnWorker();
  await waitFor('the worker to poll', async () =>
    (first as ChildProcess & { log: () => string }).log().includes('worker polling') ? true : undefined,
  );
  const series = walkCandles(90_000, 31);
  const params = { fast: 9, slow: 30, allowShort: true };
  const protections = { cooldownPeriod: { stopDurationCandles: 10 } };
  const strategy = resolveStrategy('ema-cross');
  const local = runPipelineBacktest(
    series,
    pipelineOptionsFor({
      symbol: 'BTC/USDT:USDT',
      timeframe: '1m',
      decide: 'strategy',
      instance: strategy.create(resolveParams(strategy, params)),
      initialCapital: 10_000,
      protections,
    }),
  );
  const expected = JSON.stringify(pipelineReport('strategy', local));
  const started = await startDurableBacktest(clients, {
    decide: 'strategy',
    pipeline: { symbol: 'BTC/USDT:USDT', protections },
    strategy: 'ema-cross',
    params,
    config: backtestConfig(),
    data: { series, file: 'kill-pipeline.csv' },
    timeframe: '1m',
    chunkCandles: 3_000,
    checkpointCandles: 500,
  });
  const handle = clients.temporal.workflow.getHandle(started.workflowId);
  const before = await waitFor('the first chunks', async () => {
    const p = await handle.query(backtestProgressQuery);
    return p.phase === 'running' && p.chunk >= 3 ? p : undefined;
  });
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect(before.done).toBeLessThan(series.length);

  const second = spawnWorker();
  const outcome = await waitForDurableBacktest(clients, started.runId);
  second.kill('SIGTERM');
  const { text } = await loadDurablePipelineReport(clients, started.runId);
  expect(text).toBe(expected);
  expect(outcome.trades).toBe(local.trades.length);
  expect(outcome.trades).toBeGreaterThan(10);
  const history = await handle.fetchHistory();
  const timedOut = (history.events ?? []).filter(
    (e) => e.activityTaskTimedOutEventAttributes || e.workflowTaskTimedOutEventAttributes,
  );
  const retried = (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  expect(timedOut.length + retried.length).toBeGreaterThan(0);
});
