// The evolution workflow with mocked evaluations: the search and the promotion decision are the real
// core code running in the workflow; only the backtests behind each fitness are scripted. A candidate
// that beats the current version out of sample is saved; one that only matches it is not.
import type { Activities } from '../../activities';
import { evolution } from '../../workflows/evolution';
import { DEFAULT_BACKTEST_CONFIG } from '../../core/backtest/config';
import type { Evaluation } from '../../core/optimizer/evaluate';
import { DEFAULT_FITNESS } from '../../core/optimizer/fitness';
import type { Genome } from '../../core/optimizer/genome';
import { DEFAULT_PROMOTION_RULE } from '../../core/optimizer/promotion';
import { evolutionProgressQuery } from '../../workflows/definitions';
import type {
  EvaluateBatchInput,
  EvolutionResult,
  EvolutionWorkflowInput,
  PreparedEvolution,
} from '../../workflows/evolution-contract';
import { callsOf, logged, withWorker, type Call, testEnvPerFile } from './harness';

const env = testEnvPerFile();

const YEAR = 365 * 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const CURRENT: Genome = { fast: 10 };
const CURRENT_VERSION = 3;

const request: EvolutionWorkflowInput = {
  strategy: 'ema-cross',
  exchange: 'sim',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  window: { trainFrom: T0, trainTo: T0 + YEAR, oosTo: T0 + 2 * YEAR },
};

function prepared(runId: string): PreparedEvolution {
  return {
    runId,
    strategy: 'ema-cross',
    strategyType: 'ema-cross',
    currentVersion: CURRENT_VERSION,
    currentParams: CURRENT,
    space: [{ kind: 'number', name: 'fast', min: 2, max: 40, step: 1, integer: true }],
    genetic: {
      populationSize: 6,
      generations: 3,
      seed: 7,
      elitism: 1,
      tournamentSize: 2,
      crossoverRate: 0.8,
      mutationRate: 0.5,
      mutationSigma: 0.3,
    },
    // A year out of sample in two windows: a Sharpe of 3 there is significant enough to promote.
    plan: {
      train: { from: T0, to: T0 + YEAR },
      oos: [
        { from: T0 + YEAR, to: T0 + 1.5 * YEAR },
        { from: T0 + 1.5 * YEAR, to: T0 + 2 * YEAR },
      ],
    },
    fitness: DEFAULT_FITNESS,
    promotion: DEFAULT_PROMOTION_RULE,
    backtest: DEFAULT_BACKTEST_CONFIG,
    series: { exchange: 'sim', symbol: 'BTC/USDT', timeframe: '1h' },
    timeframeMs: 3_600_000,
    batchSize: 4,
    candidates: 2,
    review: false,
    activate: true,
  };
}

const score = (fitness: number): Evaluation => ({
  fitness,
  valid: true,
  sharpe: 3,
  maxDrawdownPct: 5,
  totalReturnPct: 10,
  trades: 12,
});

type EvolutionMocks = Pick<
  Activities,
  | 'evolutionPrepare'
  | 'evolutionEvaluate'
  | 'evolutionRecordGeneration'
  | 'evolutionReviewLive'
  | 'evolutionFinish'
  | 'evolutionFail'
>;

/** `oos(params)`: the out-of-sample fitness; in training a larger `fast` always scores higher. */
async function runEvolution(runId: string, oos: (g: Genome) => number) {
  const calls: Call[] = [];
  const mocks: EvolutionMocks = {
    evolutionPrepare: async () => prepared(runId),
    evolutionEvaluate: async (b: EvaluateBatchInput) =>
      b.individuals.map((g) => score(b.purpose === 'train' ? Number(g.fast) / 10 : oos(g))),
    evolutionRecordGeneration: async () => undefined,
    evolutionReviewLive: async () => Promise.reject(new Error('no live review was asked for')),
    // As the real activity: a version is saved only for a promoting decision.
    evolutionFinish: async (f) => ({ version: f.decision.promote ? f.currentVersion + 1 : null }),
    evolutionFail: async () => undefined,
  };
  return withWorker(env(), logged(calls, mocks), async (taskQueue) => {
    const handle = await env().client.workflow.start(evolution, {
      taskQueue,
      workflowId: `evolution-${runId}`,
      args: [request],
    });
    const result: EvolutionResult = await handle.result();
    const progress = await handle.query(evolutionProgressQuery);
    const finish = callsOf(calls, 'evolutionFinish')[0].args[0];
    const oosBatches: EvaluateBatchInput[] = callsOf(calls, 'evolutionEvaluate')
      .map((c) => c.args[0])
      .filter((b: EvaluateBatchInput) => b.purpose === 'oos');
    return { calls, result, progress, finish, oosBatches };
  });
}

test('a candidate that beats the current version out of sample is promoted', async () => {
  const { result, progress, finish, oosBatches, calls } = await runEvolution('beats', (g) =>
    g.fast === CURRENT.fast ? 0.2 : 1.5,
  );
  // Walk-forward: every out-of-sample window scores the candidates and, last, the current version.
  expect(oosBatches.map((b) => b.window)).toEqual(prepared('beats').plan.oos);
  for (const b of oosBatches) expect(b.individuals.at(-1)).toEqual(CURRENT);
  expect(finish.decision.promote).toBe(true);
  expect(finish.chosen.params).not.toEqual(CURRENT);
  expect(result).toMatchObject({
    promoted: true,
    version: CURRENT_VERSION + 1,
    parentVersion: CURRENT_VERSION,
    candidateOosFitness: 1.5,
    currentOosFitness: 0.2,
    generations: 3,
  });
  expect(callsOf(calls, 'evolutionRecordGeneration')).toHaveLength(3);
  expect(progress).toMatchObject({ phase: 'done', generation: 3, generations: 3 });
});

test('a candidate that only matches the current version out of sample is not promoted', async () => {
  const { result, finish } = await runEvolution('matches', () => 1.5);
  expect(finish.decision.promote).toBe(false);
  expect(result).toMatchObject({ promoted: false, version: null, candidateOosFitness: 1.5, currentOosFitness: 1.5 });
  expect(result.reason).toMatch(/does not beat the current version/);
});
