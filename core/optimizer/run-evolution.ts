import type { ParamSpec } from '../strategies/param-space';
import type { Evaluation } from './evaluate';
import {
  advanceGenetic,
  bestCandidates,
  initGenetic,
  isDone,
  type GenerationStats,
  type GeneticOptions,
} from './genetic';
import { genomeKey, type Genome } from './genome';
import { decidePromotion, type PromotionDecision, type PromotionRule } from './promotion';
import type { TimeWindow, WalkForwardPlan } from './walk-forward';

export interface EvolutionSetup {
  space: ParamSpec[];
  genetic: GeneticOptions;
  plan: WalkForwardPlan;
  /** The active version's parameters: seeded into generation 0 and the yardstick out of sample. */
  currentParams: Genome;
  /** How many of the best distinct training individuals are re-evaluated out of sample. */
  candidates: number;
  promotion: PromotionRule;
}

/**
 * Where the evaluations run: in-process (tests, `--local`) or as activities fanned out by a workflow.
 * Must return one Evaluation per individual, in order, and be deterministic for the same input.
 */
export interface EvolutionHooks {
  /**
   * Out of sample (`oos`) the minimum trade count does not apply: a short window may hold no signal,
   * and scoring that as invalid would let anything beat it.
   */
  evaluate(window: TimeWindow, individuals: Genome[], purpose: 'train' | 'oos'): Promise<Evaluation[]>;
  onGeneration?(stats: GenerationStats): Promise<void>;
}

export interface CandidateResult {
  params: Genome;
  trainFitness: number;
  oos: Evaluation[];
  oosMean: number;
}

export interface EvolutionOutcome {
  history: GenerationStats[];
  bestTrain: { params: Genome; fitness: number };
  candidates: CandidateResult[];
  current: { params: Genome; oos: Evaluation[]; oosMean: number };
  /** The candidate with the best mean out-of-sample fitness (ties: better training rank). */
  chosen: CandidateResult;
  decision: PromotionDecision;
  evaluations: number;
}

const YEAR_MS = 365 * 86_400_000;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The whole evolution: genetic search on the training window, then walk-forward validation and the promotion decision. */
export async function runEvolution(setup: EvolutionSetup, hooks: EvolutionHooks): Promise<EvolutionOutcome> {
  const { space, genetic: o } = setup;
  let state = initGenetic(space, o, [setup.currentParams]);
  // Elites and repeated children are scored once: evaluations are deterministic, so the cache is exact.
  const cache = new Map<string, number>();
  let evaluations = 0;
  while (!isDone(state, o)) {
    const missing: Genome[] = [];
    const missingKeys = new Set<string>();
    for (const g of state.population) {
      const k = genomeKey(space, g);
      if (!cache.has(k) && !missingKeys.has(k)) {
        missingKeys.add(k);
        missing.push(g);
      }
    }
    if (missing.length) {
      const evals = await hooks.evaluate(setup.plan.train, missing, 'train');
      evaluations += missing.length;
      missing.forEach((g, i) => cache.set(genomeKey(space, g), evals[i].fitness));
    }
    const fitness = state.population.map((g) => cache.get(genomeKey(space, g)) as number);
    state = advanceGenetic(space, o, state, fitness);
    await hooks.onGeneration?.(state.history[state.history.length - 1]);
  }

  const top = bestCandidates(state, Math.max(1, setup.candidates));
  const individuals = [...top.map((t) => t.params), setup.currentParams];
  const perWindow: Evaluation[][] = [];
  for (const w of setup.plan.oos) {
    perWindow.push(await hooks.evaluate(w, individuals, 'oos'));
    evaluations += individuals.length;
  }
  const oosOf = (i: number) => perWindow.map((evals) => evals[i]);
  const candidates: CandidateResult[] = top.map((t, i) => {
    const oos = oosOf(i);
    return { params: t.params, trainFitness: t.fitness, oos, oosMean: mean(oos.map((e) => e.fitness)) };
  });
  const currentOos = oosOf(top.length);
  const current = { params: setup.currentParams, oos: currentOos, oosMean: mean(currentOos.map((e) => e.fitness)) };
  let chosen = candidates[0];
  for (const c of candidates) if (c.oosMean > chosen.oosMean) chosen = c;
  const oosYears = setup.plan.oos.reduce((a, w) => a + (w.to - w.from), 0) / YEAR_MS;
  const decision = decidePromotion(chosen.oos, current.oos, oosYears, setup.promotion);
  // The search may simply rediscover the running parameters: that is never a new version.
  const same = genomeKey(space, chosen.params) === genomeKey(space, setup.currentParams);
  const finalDecision =
    same && decision.promote
      ? { ...decision, promote: false, reason: "the best candidate is the current version's parameters" }
      : decision;
  return {
    history: state.history,
    bestTrain: top[0],
    candidates,
    current,
    chosen,
    decision: finalDecision,
    evaluations,
  };
}
