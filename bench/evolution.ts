// Evolution benchmark: 64 individuals × 20 generations over one year of 1h candles (8,760) through
// the durable workflow with ONE in-process worker, end to end (goal ≤ 30 s), against the same search
// in this process without Temporal. Uses TEMPORAL_ADDRESS + DATABASE_URL when both are set, else
// starts a throw-away stack (Temporal dev server, PostgreSQL, Redis) like the integration tests.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createEvolutionActivities } from '../activities/evolution';
import { backtestConfig } from '../core/backtest/config';
import { allocateCandleSeries, type CandleSeries } from '../core/candles/series';
import { DEFAULT_FITNESS } from '../core/optimizer/fitness';
import { DEFAULT_GENETIC_OPTIONS } from '../core/optimizer/genetic';
import { inProcessHooks } from '../core/optimizer/local-hooks';
import { DEFAULT_PROMOTION_RULE } from '../core/optimizer/promotion';
import { runEvolution } from '../core/optimizer/run-evolution';
import { walkForwardPlan } from '../core/optimizer/walk-forward';
import { paramSpace } from '../core/strategies/param-space';
import { getBuiltInStrategy } from '../core/strategies/registry';
import { createPrisma } from '../infra/adapters/db';
import { evolutionResult, startEvolution } from '../infra/services/evolution/evolution-client';
import { upsertCandles } from '../infra/adapters/market-data/candle-store';
import { envOrThrowawayStack } from '../infra/stack/throwaway-stack';
import { WORKFLOWS_PATH } from '../workers/run-worker';
import type { BenchSuite } from './lib/suite';
import { xorshiftRng } from '../core/sim/rng';

const HOUR = 3_600_000;
const N = 8_760;
const POPULATION = 64;
const GENERATIONS = 20;
const GOAL_MS = 30_000;
const RUNS = 3;
const T0 = Date.UTC(2025, 0, 1);

/** A year of hourly candles: a random walk with regime drifts, so EMA crossings matter. */
function hourlyYear(seed = 17): CandleSeries {
  const s = allocateCandleSeries(N);
  const rnd = xorshiftRng(seed);
  let price = 30_000;
  let drift = 0;
  for (let i = 0; i < N; i++) {
    if (i % 300 === 0) drift = (rnd() - 0.5) * 0.003;
    const open = price;
    const close = open * (1 + drift + (rnd() - 0.5) * 0.02);
    s.time[i] = T0 + i * HOUR;
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) * (1 + rnd() * 0.004);
    s.low[i] = Math.min(open, close) * (1 - rnd() * 0.004);
    s.volume[i] = 1 + rnd() * 10;
    price = close;
  }
  return s;
}

const suite: BenchSuite = {
  name: 'evolution',
  async run(log) {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      /* already installed */
    }
    const series = hourlyYear();
    const ema = getBuiltInStrategy('ema-cross');
    const trainTo = T0 + 273 * 24 * HOUR;
    const oosTo = T0 + N * HOUR;
    const genetic = { ...DEFAULT_GENETIC_OPTIONS, populationSize: POPULATION, generations: GENERATIONS, seed: 42 };
    const plan = walkForwardPlan(T0, trainTo, oosTo, 3);

    // The same search in this process: what Temporal's durability costs on top.
    const l0 = performance.now();
    const local = await runEvolution(
      {
        space: paramSpace(ema.paramsSchema),
        genetic,
        plan,
        currentParams: ema.defaults,
        candidates: 3,
        promotion: DEFAULT_PROMOTION_RULE,
      },
      inProcessHooks(series, ema, backtestConfig({}), DEFAULT_FITNESS, HOUR),
    );
    const localMs = performance.now() - l0;
    log(`in-process search: ${local.evaluations} backtests in ${localMs.toFixed(0)} ms`);

    const stack = await envOrThrowawayStack(['TEMPORAL_ADDRESS', 'DATABASE_URL'], log);
    const prisma = createPrisma(stack.databaseUrl);
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const name = `bench-ema-${Date.now()}`;
    const key = { exchange: 'bench-evolution', symbol: 'BTC/USDT', timeframe: '1h' };
    const rows: [number, number, number, number, number, number][] = [];
    for (let i = 0; i < N; i++)
      rows.push([series.time[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i]]);
    await upsertCandles(prisma, key, rows);
    await prisma.strategy.create({
      data: { name, version: 1, type: 'ema-cross', parameters: ema.defaults, status: 'active' },
    });
    const taskQueue = `bench-evolution-${process.pid}`;
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: stack.temporalAddress }),
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createEvolutionActivities({ prisma }),
    });
    const running = worker.run();
    try {
      // Three runs (different workflow ids, same seed and data): the median is reported, the first
      // (cold JIT in the worker) and the fastest beside it. A winner is saved as a draft only, so
      // every run starts from the same current version and does the same work.
      const walls: number[] = [];
      let handle!: Awaited<ReturnType<typeof startEvolution>>;
      let r!: Awaited<ReturnType<typeof evolutionResult>>;
      for (let rep = 0; rep < RUNS; rep++) {
        const w0 = performance.now();
        handle = await startEvolution(
          new Client({ connection }),
          {
            strategy: name,
            ...key,
            window: { trainFrom: T0, trainTo, oosTo },
            genetic: { populationSize: POPULATION, generations: GENERATIONS, seed: 42 },
            batchSize: 8,
            activate: false,
          },
          { taskQueue, workflowId: `evolution-${name}-${rep}` },
        );
        r = await evolutionResult(handle);
        walls.push(performance.now() - w0);
        const same =
          JSON.stringify(r.bestParams) === JSON.stringify(local.chosen.params) && r.evaluations === local.evaluations;
        if (!same)
          throw new Error(
            'the workflow and the in-process search disagree: the benchmark would measure different work',
          );
      }
      const wallMs = [...walls].sort((a, b) => a - b)[walls.length >> 1];
      const history = await handle.fetchHistory();
      // Candles actually backtested: training evaluations over the training window, the rest over the out-of-sample windows.
      const oosEvaluations = (3 + 1) * plan.oos.length;
      const trainCandles = (trainTo - T0) / HOUR;
      const backtested = (r.evaluations - oosEvaluations) * trainCandles + (3 + 1) * (N - trainCandles);
      log(
        `workflow (1 worker): ${POPULATION}×${GENERATIONS} = ${POPULATION * GENERATIONS} individuals scored, ${r.evaluations} distinct backtests in ${(wallMs / 1000).toFixed(2)} s ` +
          `(median of ${RUNS}; first ${(walls[0] / 1000).toFixed(2)} s, fastest ${(Math.min(...walls) / 1000).toFixed(2)} s; goal ≤ ${GOAL_MS / 1000} s: ${wallMs <= GOAL_MS ? 'met' : 'MISSED'}); overhead vs in-process ${(wallMs - localMs).toFixed(0)} ms (×${(wallMs / localMs).toFixed(1)}); ` +
          `${history.events?.length} history events; best ${JSON.stringify(r.bestParams)}`,
      );
      return {
        scenarios: [
          {
            name: `evolution ${POPULATION}×${GENERATIONS}, 1 year of 1h candles, durable workflow, 1 worker`,
            candles: backtested,
            candlesPerSecond: Math.round(backtested / (wallMs / 1000)),
            wallMs: Math.round(wallMs),
            wallMsRuns: walls.map((w) => Math.round(w)),
            goalMs: GOAL_MS,
            goalMet: wallMs <= GOAL_MS,
            individualsScored: POPULATION * GENERATIONS,
            evaluations: r.evaluations,
            localMs: Math.round(localMs),
            overheadMs: Math.round(wallMs - localMs),
            historyEvents: history.events?.length ?? 0,
          },
        ],
      };
    } finally {
      worker.shutdown();
      await running;
      await prisma.strategy.deleteMany({ where: { name } });
      await prisma.candle.deleteMany({ where: key });
      await connection.close();
      await prisma.$disconnect();
      await stack.stop();
    }
  },
};

export default suite;
