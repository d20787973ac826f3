// The durable backtest end to end: one year of 1-minute candles (525,600) from a series in
// memory to the report object `--json` prints — validate + upload, the `backtest` workflow on a
// worker (prepare, chunks, finalize), reading the result back — against the same run in process
// (`--local`). Starts its own Temporal, PostgreSQL and Redis (throw-away, free ports). Goal ≤ 3 s.
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBacktestActivities } from '../activities/backtest';
import { backtestConfig } from '../core/backtest/config';
import { backtestReport } from '../core/backtest/report';
import { runBacktest } from '../core/backtest/run-backtest';
import { builtInStrategies } from '../core/strategies/registry';
import {
  loadDurableResult,
  startDurableBacktest,
  waitForDurableBacktest,
  type DurableBacktestClients,
} from '../infra/services/backtests/client';
import { sqlFromPool } from '../infra/adapters/db/sql';
import { createPrisma } from '../infra/adapters/db';
import { startThrowawayStack, type ThrowawayStack } from '../infra/stack/throwaway-stack';
import { WORKFLOWS_PATH } from '../workers/run-worker';
import { perSecond } from './lib/measure';
import type { BenchScenario, BenchSuite } from './lib/suite';
import { syntheticCandles } from './lib/synthetic-candles';

const N = 525_600;
const GOAL_MS = 3_000;
const REPS = 3;
const TASK_QUEUE = 'bench-backtest-durable';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Each activity's time from scheduled to completed, read from the run's history (where the workflow time goes). */
async function activityBreakdown(c: DurableBacktestClients, runId: string): Promise<string> {
  const history = await c.temporal.workflow.getHandle(`backtest-${runId}`).fetchHistory();
  const scheduled = new Map<string, { type: string; at: number }>();
  const out: string[] = [];
  const at = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) =>
    Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes)
      scheduled.set(String(e.eventId), {
        type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        at: at(e),
      });
    const done = e.activityTaskCompletedEventAttributes;
    if (done) {
      const s = scheduled.get(String(done.scheduledEventId));
      if (s) out.push(`${s.type.replace('backtest', '')} ${(at(e) - s.at).toFixed(0)}`);
    }
  }
  return out.join(', ');
}

const suite: BenchSuite = {
  name: 'backtest-durable',
  async run(log) {
    let stack: ThrowawayStack | undefined;
    let worker: Worker | undefined;
    let running: Promise<void> | undefined;
    let clients: DurableBacktestClients | undefined;
    let connection: Connection | undefined;
    try {
      try {
        Runtime.install({ logger: new DefaultLogger('WARN') });
      } catch {
        // another suite installed the runtime already: keep it
      }
      log('starting a throw-away stack (Temporal, PostgreSQL, Redis)…');
      stack = await startThrowawayStack();
      const { endpoints } = stack;
      const prisma = createPrisma(endpoints.databaseUrl);
      worker = await Worker.create({
        connection: await NativeConnection.connect({ address: endpoints.temporalAddress }),
        taskQueue: TASK_QUEUE,
        workflowBundle: await bundleWorkflowCode({
          workflowsPath: WORKFLOWS_PATH,
          logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
        }),
        activities: createBacktestActivities({ prisma, databaseUrl: endpoints.databaseUrl }),
      });
      running = worker.run();
      connection = await Connection.connect({ address: endpoints.temporalAddress });
      clients = {
        temporal: new Client({ connection }),
        sql: sqlFromPool(endpoints.databaseUrl),
        prisma,
        taskQueue: TASK_QUEUE,
      };

      const series = syntheticCandles(N);
      const strategy = builtInStrategies.find((s) => s.id === 'ema-cross')!;
      const config = backtestConfig({ fee: 0.001, slippageBps: 5, stopLossPct: 2, takeProfitPct: 4 });

      const local = () => {
        const r = runBacktest(series, strategy.create(strategy.defaults), config, { timeframeMs: 60_000 });
        return backtestReport(series, r);
      };
      const durable = async () => {
        const t0 = process.hrtime.bigint();
        const started = await startDurableBacktest(clients!, {
          strategy: 'ema-cross',
          params: {},
          config,
          data: { series, file: 'bench.csv' },
          timeframe: '1m',
        });
        const tStarted = ms(t0);
        await waitForDurableBacktest(clients!, started.runId);
        const tDone = ms(t0);
        const { result, series: times } = await loadDurableResult(clients!, started.runId);
        const report = backtestReport(times, result);
        return {
          report,
          runId: started.runId,
          wallMs: ms(t0),
          uploadMs: tStarted,
          workflowMs: tDone - tStarted,
          readBackMs: ms(t0) - tDone,
        };
      };

      local();
      const localWall: number[] = [];
      let expected = '';
      for (let i = 0; i < REPS; i++) {
        const t0 = process.hrtime.bigint();
        const rep = local();
        localWall.push(ms(t0));
        expected = JSON.stringify(rep);
      }
      await durable(); // warm-up: JIT, pool connections, the worker's first workflow task
      const runs: Awaited<ReturnType<typeof durable>>[] = [];
      let identical = true;
      for (let i = 0; i < REPS; i++) {
        const r = await durable();
        runs.push(r);
        identical &&= JSON.stringify(r.report) === expected;
      }
      if (!identical)
        throw new Error('durable backtest report differs from --local: the bench measures a wrong result');
      const wall = median(runs.map((r) => r.wallMs));
      const localMs = median(localWall);
      const best = Math.min(...runs.map((r) => r.wallMs));
      const pick = runs.find((r) => r.wallMs === wall)!;
      const scenario: BenchScenario = {
        name: 'durable backtest, 1 year of 1m candles, end to end (ema-cross, fee, slippage, SL/TP)',
        strategy: 'ema-cross',
        candles: N,
        candlesPerSecond: perSecond(N, wall),
        wallMs: Number(wall.toFixed(0)),
        bestWallMs: Number(best.toFixed(0)),
        uploadMs: Number(pick.uploadMs.toFixed(0)),
        workflowMs: Number(pick.workflowMs.toFixed(0)),
        readBackMs: Number(pick.readBackMs.toFixed(0)),
        localWallMs: Number(localMs.toFixed(0)),
        overheadMs: Number((wall - localMs).toFixed(0)),
        overheadX: Number((wall / localMs).toFixed(1)),
        trades: JSON.parse(expected).trades.length,
        identicalToLocal: identical,
        goalMs: GOAL_MS,
        meetsGoal: wall <= GOAL_MS,
      };
      log(`activities of the median run: ${await activityBreakdown(clients, pick.runId)}`);
      log(
        `durable: ${scenario.wallMs} ms median of ${REPS} (best ${scenario.bestWallMs}; upload ${scenario.uploadMs}, workflow ${scenario.workflowMs}, read back ${scenario.readBackMs}) ` +
          `vs --local ${scenario.localWallMs} ms → overhead ${scenario.overheadMs} ms (${scenario.overheadX}×); goal ≤ ${GOAL_MS} ms: ${scenario.meetsGoal ? 'met' : 'NOT met'}; ` +
          `${scenario.trades} trades, identical to --local`,
      );
      return { scenarios: [scenario] };
    } finally {
      worker?.shutdown();
      await running?.catch(() => {});
      await clients?.sql.close();
      await clients?.prisma.$disconnect();
      await connection?.close();
      await stack?.stop();
    }
  },
};

export default suite;
