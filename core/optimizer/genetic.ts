import type { ParamSpec } from '../strategies/param-space';
import { INVALID_FITNESS } from './fitness';
import { genomeKey, crossover, mutate, normalizeGenome, randomGenome, validateSpace, type Genome } from './genome';
import { OptimizerInputError } from './optimizer-errors';
import { createPrng, randomInt, type Prng } from './prng';

export interface GeneticOptions {
  populationSize: number;
  generations: number;
  seed: number;
  /** Best individuals copied unchanged into the next generation. */
  elitism: number;
  tournamentSize: number;
  /** Probability that a child is bred by crossover (else a copy of one parent), before mutation. */
  crossoverRate: number;
  /** Per-gene mutation probability. */
  mutationRate: number;
  /** Mutation step as a fraction of a parameter's range (one normal standard deviation). */
  mutationSigma: number;
}

export const DEFAULT_GENETIC_OPTIONS: Omit<GeneticOptions, 'seed'> = {
  populationSize: 32,
  generations: 10,
  elitism: 2,
  tournamentSize: 3,
  crossoverRate: 0.8,
  mutationRate: 0.25,
  mutationSigma: 0.15,
};

export interface GenerationStats {
  generation: number;
  bestFitness: number;
  /** Over the individuals that could be scored (INVALID_FITNESS ones would drown it); INVALID_FITNESS when none could. */
  meanFitness: number;
  bestParams: Genome;
}

export interface Scored {
  params: Genome;
  fitness: number;
}

/**
 * The whole search state: plain JSON, so a workflow can hold it and a replay rebuilds it exactly.
 * `population` is the generation waiting to be scored (index `generation`).
 */
export interface GeneticState {
  generation: number;
  population: Genome[];
  rngState: number;
  history: GenerationStats[];
  /** Every distinct individual scored so far, best first (ties: first seen first). */
  hallOfFame: Scored[];
}

export function validateGeneticOptions(o: GeneticOptions): void {
  const int = (name: keyof GeneticOptions, min: number) => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min)
      throw new OptimizerInputError(`${name} must be an integer >= ${min}, got ${v}`);
  };
  int('populationSize', 2);
  int('generations', 1);
  int('elitism', 0);
  int('tournamentSize', 1);
  int('seed', 0);
  if (o.elitism >= o.populationSize)
    throw new OptimizerInputError(`elitism (${o.elitism}) must be below the population size (${o.populationSize})`);
  for (const k of ['crossoverRate', 'mutationRate'] as const) {
    if (!(o[k] >= 0 && o[k] <= 1)) throw new OptimizerInputError(`${k} must be in 0..1, got ${o[k]}`);
  }
  if (!(o.mutationSigma > 0 && o.mutationSigma <= 1))
    throw new OptimizerInputError(`mutationSigma must be in (0, 1], got ${o.mutationSigma}`);
}

/**
 * Generation 0: the given seed individuals (e.g. the current version's parameters, so the search
 * can only find something at least as good) then distinct random ones.
 */
export function initGenetic(
  space: readonly ParamSpec[],
  o: GeneticOptions,
  seedIndividuals: readonly Genome[] = [],
): GeneticState {
  validateSpace(space);
  validateGeneticOptions(o);
  const rng = createPrng(o.seed);
  const population: Genome[] = [];
  const seen = new Set<string>();
  const add = (g: Genome) => {
    const k = genomeKey(space, g);
    if (seen.has(k)) return false;
    seen.add(k);
    population.push(g);
    return true;
  };
  for (const s of seedIndividuals) if (population.length < o.populationSize) add(normalizeGenome(space, s));
  // A tiny space may hold fewer distinct points than the population: then duplicates are allowed.
  for (let tries = 0; population.length < o.populationSize; tries++) {
    const g = randomGenome(space, rng);
    if (!add(g) && tries > o.populationSize * 20) population.push(g);
  }
  return { generation: 0, population, rngState: rng.state, history: [], hallOfFame: [] };
}

function tournament(scored: readonly Scored[], size: number, rng: Prng): Scored {
  let best = scored[randomInt(rng, scored.length)];
  for (let i = 1; i < size; i++) {
    const c = scored[randomInt(rng, scored.length)];
    if (c.fitness > best.fitness) best = c;
  }
  return best;
}

/** Best first; a stable sort keeps equal fitness in population order, so ties break the same way every run. */
function rank(scored: readonly Scored[]): Scored[] {
  return scored
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.fitness - a.s.fitness || a.i - b.i)
    .map((x) => x.s);
}

export function isDone(state: GeneticState, o: GeneticOptions): boolean {
  return state.generation >= o.generations;
}

/**
 * Takes the fitness of every individual of the current generation (same order, finite numbers),
 * records its statistics, and breeds the next one: elites, then tournament parents, crossover,
 * mutation. After the last generation the population is left empty.
 */
export function advanceGenetic(
  space: readonly ParamSpec[],
  o: GeneticOptions,
  state: GeneticState,
  fitness: readonly number[],
): GeneticState {
  if (fitness.length !== state.population.length) {
    throw new OptimizerInputError(`expected ${state.population.length} fitness values, got ${fitness.length}`);
  }
  if (fitness.some((f) => !Number.isFinite(f))) throw new OptimizerInputError('fitness values must be finite numbers');
  const scored = state.population.map((params, i) => ({ params, fitness: fitness[i] }));
  const ranked = rank(scored);
  const scoredFitness = fitness.filter((f) => f > INVALID_FITNESS);
  const mean = scoredFitness.length ? scoredFitness.reduce((a, b) => a + b, 0) / scoredFitness.length : INVALID_FITNESS;
  const history = [
    ...state.history,
    { generation: state.generation, bestFitness: ranked[0].fitness, meanFitness: mean, bestParams: ranked[0].params },
  ];

  const fame = new Map(state.hallOfFame.map((s) => [genomeKey(space, s.params), s]));
  for (const s of ranked) if (!fame.has(genomeKey(space, s.params))) fame.set(genomeKey(space, s.params), s);
  const hallOfFame = rank([...fame.values()]).slice(0, Math.max(16, o.populationSize));

  const generation = state.generation + 1;
  if (generation >= o.generations) return { generation, population: [], rngState: state.rngState, history, hallOfFame };

  const rng = createPrng(state.rngState);
  const next: Genome[] = ranked.slice(0, o.elitism).map((s) => s.params);
  while (next.length < o.populationSize) {
    const a = tournament(scored, o.tournamentSize, rng);
    const b = tournament(scored, o.tournamentSize, rng);
    const child = rng.next() < o.crossoverRate ? crossover(space, a.params, b.params, rng) : { ...a.params };
    next.push(mutate(space, child, rng, o.mutationRate, o.mutationSigma));
  }
  return { generation, population: next, rngState: rng.state, history, hallOfFame };
}

/** The `k` best distinct individuals seen in the whole run. */
export function bestCandidates(state: GeneticState, k: number): Scored[] {
  return state.hallOfFame.slice(0, k);
}
