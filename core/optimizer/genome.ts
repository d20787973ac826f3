import type { ParamSpec } from '../strategies/param-space';
import type { StrategyParams } from '../strategies/strategy';
import { OptimizerInputError } from './optimizer-errors';
import { randomInt, randomNormal, type Prng } from './prng';

/** One individual: a full parameter set of the strategy. */
export type Genome = StrategyParams;

/** Rejects a space the optimizer cannot search; the error names the parameter. */
export function validateSpace(space: readonly ParamSpec[]): void {
  if (space.length === 0)
    throw new OptimizerInputError(
      'the parameter space is empty: the strategy has no numeric or boolean parameter to evolve',
    );
  for (const p of space) {
    if (p.kind !== 'number') continue;
    if (!Number.isFinite(p.min) || !Number.isFinite(p.max))
      throw new OptimizerInputError(`parameter ${p.name}: range ${p.min}..${p.max} must be finite`);
    if (p.min > p.max)
      throw new OptimizerInputError(`parameter ${p.name}: inverted range ${p.min}..${p.max} (min is above max)`);
    if (!(p.step > 0) || !Number.isFinite(p.step))
      throw new OptimizerInputError(`parameter ${p.name}: step ${p.step} must be a positive number`);
  }
}

/** Number of grid points of a numeric parameter (min, min+step, …, ≤ max). */
function gridSize(p: Extract<ParamSpec, { kind: 'number' }>): number {
  return Math.floor((p.max - p.min) / p.step + 1e-9) + 1;
}

/** The grid value nearest to v, inside the range; integers stay integers; no float dust (0.30000000000000004). */
export function snap(p: Extract<ParamSpec, { kind: 'number' }>, v: number): number {
  const k = Math.max(0, Math.min(gridSize(p) - 1, Math.round((v - p.min) / p.step)));
  let x = p.min + k * p.step;
  x = Number(x.toPrecision(12));
  if (p.integer) x = Math.round(x);
  return Math.min(p.max, Math.max(p.min, x));
}

export function randomGenome(space: readonly ParamSpec[], rng: Prng): Genome {
  const g: Genome = {};
  for (const p of space) {
    g[p.name] = p.kind === 'boolean' ? rng.next() < 0.5 : snap(p, p.min + randomInt(rng, gridSize(p)) * p.step);
  }
  return g;
}

/** Uniform crossover: each gene from either parent with equal chance. */
export function crossover(space: readonly ParamSpec[], a: Genome, b: Genome, rng: Prng): Genome {
  const child: Genome = {};
  for (const p of space) child[p.name] = rng.next() < 0.5 ? a[p.name] : b[p.name];
  return child;
}

/**
 * Each gene mutates with probability `rate`: booleans flip; numbers move by a normal step of
 * `sigma` × range (at least one grid step, so small ranges still move), then snap to the grid.
 */
export function mutate(space: readonly ParamSpec[], g: Genome, rng: Prng, rate: number, sigma: number): Genome {
  const out: Genome = { ...g };
  for (const p of space) {
    if (rng.next() >= rate) continue;
    if (p.kind === 'boolean') {
      out[p.name] = !out[p.name];
      continue;
    }
    const cur = out[p.name] as number;
    const delta = randomNormal(rng) * Math.max(p.step, sigma * (p.max - p.min));
    let next = snap(p, cur + delta);
    // A move that snaps back onto the same point is no mutation: take one grid step instead.
    if (next === cur && p.max > p.min) {
      const up = cur + p.step <= p.max && (cur - p.step < p.min || rng.next() < 0.5);
      next = snap(p, up ? cur + p.step : cur - p.step);
    }
    out[p.name] = next;
  }
  return out;
}

/** Puts a given parameter set on the grid of the space (the current version may predate the grid). */
export function normalizeGenome(space: readonly ParamSpec[], g: Genome): Genome {
  const out: Genome = {};
  for (const p of space) {
    const v = g[p.name];
    if (p.kind === 'boolean') out[p.name] = typeof v === 'boolean' ? v : false;
    else out[p.name] = snap(p, typeof v === 'number' ? v : p.min);
  }
  return out;
}

/** A stable key of a genome (fields in space order) for de-duplication and fitness caches. */
export function genomeKey(space: readonly ParamSpec[], g: Genome): string {
  return space.map((p) => `${p.name}=${String(g[p.name])}`).join(',');
}
