// The evolution workflow on the real stack (Temporal, PostgreSQL): finds a known optimum and saves a
// new version, refuses to promote on noise, records generations, rejects bad input before anything
// runs, and records its history for the replay test.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEvolutionActivities } from '../../../activities/evolution';
import { backtestConfig } from '../../../core/backtest/config';
import { DEFAULT_FITNESS } from '../../../core/optimizer/fitness';
import { DEFAULT_GENETIC_OPTIONS } from '../../../core/optimizer/genetic';
import { inProcessHooks } from '../../../core/optimizer/local-hooks';
import { DEFAULT_PROMOTION_RULE } from '../../../core/optimizer/promotion';
import { runEvolution } from '../../../core/optimizer/run-evolution';
import { walkForwardPlan } from '../../../core/optimizer/walk-forward';
import { paramSpace } from '../../../core/strategies/param-space';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { evolutionResult, startEvolution } from '../../../infra/services/evolution/evolution-client';
import { DomainError } from '../../../core/errors';
import { resolveEvolution } from '../../../infra/services/evolution/resolve-evolution';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import { evolutionProgressQuery } from '../../../workflows/definitions';
import type { EvolutionWorkflowInput } from '../../../workflows/evolution-contract';
import { HOUR, noiseSeries, T0, triangleSeries } from '../../unit/optimizer/fixtures/series';
import { swingStrategy } from '../../unit/optimizer/fixtures/swing-strategy';
import { createStrategyRow, importSeries, SWING_STRATEGY_FILE } from './fixtures/stack';

jest.setTimeout(180_000);

const TASK_QUEUE = 'it-evolution';
const EXCHANGE = 'it-evolution';
const DAY = 24 * HOUR;
const RISE = 20;
const swingKey = { exchange: EXCHANGE, symbol: 'SWING/USDT', timeframe: '1h' };
const noiseKey = { exchange: EXCHANGE, symbol: 'NOISE/USDT', timeframe: '1h' };

let prisma: PrismaClient;
let connection: Connection;
let client: Client;
let worker: Worker;
let worker2: Worker;
let running: Promise<void>;
let running2: Promise<void>;

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
  await importSeries(prisma, swingKey, triangleSeries(150 * 24, RISE));
  await importSeries(prisma, noiseKey, noiseSeries(365 * 24, 2));
  await createStrategyRow(prisma, 'swing', SWING_STRATEGY_FILE, swingStrategy.defaults);
  await createStrategyRow(prisma, 'noise-ema', 'ema-cross', { fast: 12, slow: 26, allowShort: false });
  // Two workers on one queue: a generation's batches are shared between them.
  const make = async (identity: string) =>
    Worker.create({
      connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
      taskQueue: TASK_QUEUE,
      identity,
      workflowsPath: WORKFLOWS_PATH,
      activities: createEvolutionActivities({ prisma }),
    });
  worker = await make('evolution-worker-1');
  worker2 = await make('evolution-worker-2');
  running = worker.run();
  running2 = worker2.run();
});

afterAll(async () => {
  worker?.shutdown();
  worker2?.shutdown();
  await running;
  await running2;
  await connection?.close();
  await prisma?.$disconnect();
});

const swingRequest: EvolutionWorkflowInput = {
  strategy: 'swing',
  ...swingKey,
  window: { trainFrom: T0, trainTo: T0 + 100 * DAY, oosTo: T0 + 150 * DAY },
  oosWindows: 2,
  genetic: { populationSize: 24, generations: 15, seed: 11 },
  batchSize: 4,
  backtest: { fee: 0.001 },
};

describe('evolution workflow', () => {
  it('finds the known optimum, matches the in-process search, and saves it as v2 (parent v1)', async () => {
    const handle = await startEvolution(client, swingRequest, {
      taskQueue: TASK_QUEUE,
      workflowId: 'evolution-swing-it',
    });
    const r = await evolutionResult(handle);
    expect(r.bestParams).toEqual({ hold: RISE - 1, skip: 0, confirm: false });
    expect(r.promoted).toBe(true);
    expect(r.version).toBe(2);

    // The distributed search is the same search as the in-process one, evaluation for evaluation.
    const local = await runEvolution(
      {
        space: paramSpace(swingStrategy.paramsSchema),
        genetic: { ...DEFAULT_GENETIC_OPTIONS, populationSize: 24, generations: 15, seed: 11 },
        plan: walkForwardPlan(T0, T0 + 100 * DAY, T0 + 150 * DAY, 2),
        currentParams: swingStrategy.defaults,
        candidates: 3,
        promotion: DEFAULT_PROMOTION_RULE,
      },
      inProcessHooks(
        triangleSeries(150 * 24, RISE),
        swingStrategy,
        backtestConfig({ fee: 0.001 }),
        DEFAULT_FITNESS,
        HOUR,
      ),
    );
    expect(r.bestTrainFitness).toBe(local.bestTrain.fitness);
    expect(r.candidateOosFitness).toBe(local.chosen.oosMean);
    expect(r.evaluations).toBe(local.evaluations);

    const versions = await prisma.strategy.findMany({ where: { name: 'swing' }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.status, v.parentVersion])).toEqual([
      [1, 'retired', null],
      [2, 'active', 1],
    ]);
    expect(versions[1].parameters).toEqual({ hold: RISE - 1, skip: 0, confirm: false });

    const run = await prisma.evolutionRun.findUniqueOrThrow({
      where: { id: r.runId },
      include: { generations: { orderBy: { generation: 'asc' } } },
    });
    expect(run.status).toBe('completed');
    expect(run.promoted).toBe(true);
    expect(run.workflowId).toBe('evolution-swing-it');
    expect(run.generations).toHaveLength(15);
    // float8 columns come back through text with 15 significant digits: compare to that precision.
    run.generations.forEach((g, i) => {
      expect(g.bestFitness).toBeCloseTo(local.history[i].bestFitness, 10);
      expect(g.meanFitness).toBeCloseTo(local.history[i].meanFitness, 10);
      expect(g.bestParams).toEqual(local.history[i].bestParams);
    });

    const progress = await handle.query(evolutionProgressQuery);
    expect(progress).toMatchObject({ phase: 'done', generation: 15, generations: 15 });

    // The history feeds the replay test (test/integration/workflows/replay-histories.test.ts).
    const history = await handle.fetchHistory();
    const evaluatedBy = new Set(
      history.events!.flatMap((e, i, all) => {
        const started = e.activityTaskStartedEventAttributes;
        if (!started) return [];
        const scheduled = all.find((x) => x.eventId?.toString() === started.scheduledEventId?.toString());
        return scheduled?.activityTaskScheduledEventAttributes?.activityType?.name === 'evolutionEvaluate'
          ? [started.identity]
          : [];
      }),
    );
    expect(evaluatedBy).toEqual(new Set(['evolution-worker-1', 'evolution-worker-2']));
    if (process.env.OPENTRADE_RECORD_HISTORIES)
      writeFileSync(path.resolve(__dirname, '../../histories/evolution-swing.json'), historyToJSON(history));
  });

  it('on pure noise promotes nothing and records why', async () => {
    const r = await evolutionResult(
      await startEvolution(
        client,
        {
          strategy: 'noise-ema',
          ...noiseKey,
          window: { trainFrom: T0, trainTo: T0 + 240 * DAY, oosTo: T0 + 365 * DAY },
          genetic: { populationSize: 16, generations: 6, seed: 5 },
        },
        { taskQueue: TASK_QUEUE, workflowId: 'evolution-noise-ema-it' },
      ),
    );
    expect(r.promoted).toBe(false);
    const versions = await prisma.strategy.findMany({ where: { name: 'noise-ema' } });
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'active']]);
    const run = await prisma.evolutionRun.findUniqueOrThrow({ where: { id: r.runId } });
    expect(run.promoted).toBe(false);
    expect(run.reason).toBe(r.reason);
    expect(run.reason).toMatch(/does not beat|below the minimum|only \d+ of|indistinguishable from luck/);
  });
});

describe('cancellation', () => {
  it('a cancelled evolution stops and its run row says cancelled', async () => {
    const handle = await startEvolution(
      client,
      { ...swingRequest, genetic: { populationSize: 24, generations: 400, seed: 1 } },
      { taskQueue: TASK_QUEUE, workflowId: 'evolution-swing-cancel-it' },
    );
    const runId = handle.firstExecutionRunId;
    while ((await prisma.evolutionGeneration.count({ where: { runId } })) < 2)
      await new Promise((r) => setTimeout(r, 50));
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const run = await prisma.evolutionRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('cancelled');
    expect(await prisma.evolutionGeneration.count({ where: { runId } })).toBeLessThan(400);
    expect(await prisma.strategy.count({ where: { name: 'swing' } })).toBe(2); // nothing saved by the cancelled run
  });
});

describe('bad input: a clear error and nothing started', () => {
  const base = { ...swingRequest, strategy: 'swing' };
  const now = Date.UTC(2026, 10, 26);
  const cases: [string, EvolutionWorkflowInput, RegExp][] = [
    [
      'unknown strategy',
      { ...base, strategy: 'no-such-strategy' },
      /unknown strategy "no-such-strategy"; known strategies: .*swing/,
    ],
    [
      'range with no data',
      { ...base, window: { trainFrom: T0 - 400 * DAY, trainTo: T0 - 200 * DAY, oosTo: T0 - 100 * DAY } },
      /no candles for it-evolution SWING\/USDT 1h in the training window/,
    ],
    [
      'inverted training window',
      { ...base, window: { trainFrom: T0 + 100 * DAY, trainTo: T0, oosTo: T0 + 150 * DAY } },
      /training window is empty or inverted/,
    ],
    ['population below 2', { ...base, genetic: { populationSize: 1 } }, /genetic.populationSize/],
  ];

  it.each(cases)('%s', async (_name, request, message) => {
    await expect(resolveEvolution(prisma, request, { now })).rejects.toThrow(message);
    await expect(resolveEvolution(prisma, request, { now })).rejects.toBeInstanceOf(DomainError);
  });

  it('an empty or inverted parameter space', async () => {
    await createStrategyRow(prisma, 'empty-space', path.resolve(__dirname, 'fixtures/empty-space-strategy.ts'), {});
    await createStrategyRow(prisma, 'inverted-space', path.resolve(__dirname, 'fixtures/inverted-space-strategy.ts'), {
      period: 20,
    });
    await expect(resolveEvolution(prisma, { ...base, strategy: 'empty-space' }, { now })).rejects.toThrow(
      /parameter space is empty/,
    );
    await expect(resolveEvolution(prisma, { ...base, strategy: 'inverted-space' }, { now })).rejects.toThrow(
      /period: inverted range 50\.\.10/,
    );
  });

  it('the workflow itself fails at once, without retries, generations or a run row', async () => {
    const handle = await startEvolution(
      client,
      { ...base, strategy: 'no-such-strategy' },
      { taskQueue: TASK_QUEUE, workflowId: 'evolution-bad-it' },
    );
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(String(((err as WorkflowFailedError).cause?.cause as Error | undefined)?.message)).toMatch(
      /unknown strategy "no-such-strategy"/,
    );
    const history = await handle.fetchHistory();
    const attempts = history
      .events!.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    const scheduled = history
      .events!.filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
    // Prepare once (no retry of bad input), then the bookkeeping that marks a queued row as failed.
    expect(scheduled).toEqual(['evolutionPrepare', 'evolutionFail']);
    expect(attempts).toEqual([1, 1]);
    expect(await prisma.evolutionRun.count({ where: { workflowId: 'evolution-bad-it' } })).toBe(0);
  });
});
