// The evolution workflow under --decide strategy on the real stack: every candidate, in sample and
// out of sample, is scored by the pipeline backtest with the request's risk limits (the same search
// as in-process pipeline evaluations, not the engine's), the batches get the pipeline's heartbeat
// allowance, and the saved version and its run say which mode produced them.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEvolutionActivities } from '../../../activities/evolution';
import { showAction, versionsAction } from '../../../cli/commands/strategy';
import type { StrategyCliContext } from '../../../cli/commands/strategy-evolve';
import { backtestConfig } from '../../../core/backtest/config';
import { allocateCandleSeries, type CandleSeries } from '../../../core/candles/series';
import { RiskLimitsSchema } from '../../../core/config/schema';
import { DEFAULT_FITNESS } from '../../../core/optimizer/fitness';
import { DEFAULT_GENETIC_OPTIONS } from '../../../core/optimizer/genetic';
import { inProcessHooks } from '../../../core/optimizer/local-hooks';
import { runEvolution } from '../../../core/optimizer/run-evolution';
import { walkForwardPlan } from '../../../core/optimizer/walk-forward';
import { paramSpace } from '../../../core/strategies/param-space';
import { getBuiltInStrategy } from '../../../core/strategies/registry';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';
import { evolutionResult, startEvolution } from '../../../infra/services/evolution/evolution-client';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import type { EvolutionWorkflowInput } from '../../../workflows/evolution-contract';
import { HOUR, T0 } from '../../unit/optimizer/fixtures/series';
import { createStrategyRow, importSeries } from './fixtures/stack';

jest.setTimeout(180_000);

const TASK_QUEUE = 'it-evolution-pipeline';
const DAY = 24 * HOUR;
const key = { exchange: 'it-evolution-pipeline', symbol: 'BTC/USDT', timeframe: '1h' };
const NAME = 'pipeline-ema';
const CURRENT = { fast: 40, slow: 45, allowShort: false };
const ema = getBuiltInStrategy('ema-cross');
const riskLimits = RiskLimitsSchema.parse({ max_position_pct: 8 });
// Lenient, so the run saves a version whose record can be read back; the strict rule is evolution.test.ts's.
const promotion = { margin: 0, minOosFitness: -1000, minWindowsWon: 0, minSignificance: 0 };
const genetic = { populationSize: 6, generations: 2, seed: 3 };

/** A 4-day swing of ±8 % around a BTC-like price: the venue's amount step and minimum notional are realistic. */
function swingSeries(n: number): CandleSeries {
  const s = allocateCandleSeries(n);
  for (let i = 0; i < n; i++) {
    const close = 60_000 * (1 + 0.08 * Math.sin((2 * Math.PI * i) / 96));
    const open = i === 0 ? close : s.close[i - 1];
    s.time[i] = T0 + i * HOUR;
    s.open[i] = open;
    s.close[i] = close;
    s.high[i] = Math.max(open, close) * 1.001;
    s.low[i] = Math.min(open, close) * 0.999;
    s.volume[i] = 10;
  }
  return s;
}

let prisma: PrismaClient;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  await importSeries(prisma, key, swingSeries(50 * 24));
  await createStrategyRow(prisma, NAME, 'ema-cross', CURRENT);
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createEvolutionActivities({ prisma }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await prisma?.$disconnect();
});

it('scores every candidate with the pipeline backtest and records the mode on the version it saves', async () => {
  const request: EvolutionWorkflowInput = {
    strategy: NAME,
    ...key,
    window: { trainFrom: T0, trainTo: T0 + 30 * DAY, oosTo: T0 + 50 * DAY },
    oosWindows: 2,
    genetic,
    candidates: 2,
    batchSize: 3,
    promotion,
    decide: 'strategy',
    riskLimits,
  };
  const handle = await startEvolution(new Client({ connection }), request, {
    taskQueue: TASK_QUEUE,
    workflowId: 'evolution-pipeline-ema-it',
  });
  const r = await evolutionResult(handle);

  const setup = {
    space: paramSpace(ema.paramsSchema),
    genetic: { ...DEFAULT_GENETIC_OPTIONS, ...genetic },
    plan: walkForwardPlan(T0, T0 + 30 * DAY, T0 + 50 * DAY, 2),
    currentParams: CURRENT,
    candidates: 2,
    promotion,
  };
  const config = backtestConfig({});
  const pipeline = await runEvolution(
    setup,
    inProcessHooks(swingSeries(50 * 24), ema, config, DEFAULT_FITNESS, HOUR, {
      decide: 'strategy',
      symbol: 'BTC/USDT',
      market: simMarkets(SIM_ASSETS)['BTC/USDT'],
      timeframe: '1h',
      higherTimeframe: '2h',
      riskLimits,
      initialCapital: config.initialCapital,
    }),
  );
  const engine = await runEvolution(setup, inProcessHooks(swingSeries(50 * 24), ema, config, DEFAULT_FITNESS, HOUR));
  // The workflow's search is the in-process pipeline search, evaluation for evaluation…
  expect(r.decide).toBe('strategy');
  expect(r.bestTrainFitness).toBe(pipeline.bestTrain.fitness);
  expect(r.candidateOosFitness).toBe(pipeline.chosen.oosMean);
  expect(r.currentOosFitness).toBe(pipeline.current.oosMean);
  expect(r.bestParams).toEqual(pipeline.chosen.params);
  expect(r.evaluations).toBe(pipeline.evaluations);
  // …and not the engine's, which scores the same candidates differently.
  expect(r.bestTrainFitness).not.toBe(engine.bestTrain.fitness);
  expect(r.currentOosFitness).not.toBe(engine.current.oosMean);

  expect(r.promoted).toBe(true);
  const v2 = await prisma.strategy.findUniqueOrThrow({ where: { name_version: { name: NAME, version: 2 } } });
  expect(v2.performance).toMatchObject({
    evolutionRunId: r.runId,
    decide: 'strategy',
    oosFitness: r.candidateOosFitness,
  });
  const run = await prisma.evolutionRun.findUniqueOrThrow({ where: { id: r.runId } });
  expect(run.config).toMatchObject({ request: { decide: 'strategy', riskLimits }, setup: { decide: 'strategy' } });

  // Batches scored by the pipeline may heartbeat minutes apart; the engine's batches keep 10 s.
  const history = await handle.fetchHistory();
  const evaluations = history.events!.flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    return a?.activityType?.name === 'evolutionEvaluate' ? [a] : [];
  });
  expect(evaluations.length).toBeGreaterThan(0);
  for (const a of evaluations) expect(Number(a.heartbeatTimeout?.seconds)).toBe(300);

  const out: string[] = [];
  const ctx: StrategyCliContext = {
    client: async () => new Client({ connection }),
    prisma: () => prisma,
    out: (l) => out.push(l),
    err: () => undefined,
  };
  await versionsAction(NAME, {}, ctx);
  expect(out[0]).toMatch(/^v1 retired/);
  expect(out[0]).not.toMatch(/evolved/);
  expect(out[1]).toMatch(/^v2 active .*evolved --decide strategy\)$/);
  out.length = 0;
  await showAction(NAME, {}, ctx);
  expect(out).toContain('  evolved     under --decide strategy');
  expect(out.some((l) => /^ {2}evolution {3}\S+ --decide strategy completed promoted/.test(l))).toBe(true);
});
