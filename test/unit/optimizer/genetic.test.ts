import { z } from 'zod';
import {
  advanceGenetic,
  DEFAULT_GENETIC_OPTIONS,
  initGenetic,
  type GeneticOptions,
} from '../../../core/optimizer/genetic';
import { crossover, mutate, randomGenome, snap, validateSpace } from '../../../core/optimizer/genome';
import { OptimizerInputError } from '../../../core/optimizer/optimizer-errors';
import { createPrng } from '../../../core/optimizer/prng';
import { paramSpace, type ParamSpec } from '../../../core/strategies/param-space';

const space: ParamSpec[] = paramSpace(
  z.object({
    n: z.number().int().min(2).max(50),
    x: z.number().min(0.1).max(0.9).meta({ step: 0.05 }),
    flag: z.boolean(),
  }),
);
const opts: GeneticOptions = { ...DEFAULT_GENETIC_OPTIONS, populationSize: 20, generations: 30, seed: 7 };

function inSpace(g: Record<string, number | boolean>) {
  for (const p of space) {
    const v = g[p.name];
    if (p.kind === 'boolean') expect(typeof v).toBe('boolean');
    else {
      expect(typeof v).toBe('number');
      expect(v as number).toBeGreaterThanOrEqual(p.min);
      expect(v as number).toBeLessThanOrEqual(p.max);
      if (p.integer) expect(Number.isInteger(v)).toBe(true);
      const k = ((v as number) - p.min) / p.step;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9); // on the step grid
    }
  }
}

describe('genome operators respect ranges, steps, integers and booleans', () => {
  it('random, crossed and mutated genomes stay on the grid inside the range', () => {
    const rng = createPrng(1);
    let a = randomGenome(space, rng);
    let b = randomGenome(space, rng);
    for (let i = 0; i < 2000; i++) {
      const c = mutate(space, crossover(space, a, b, rng), rng, 0.9, 0.5);
      inSpace(c);
      a = b;
      b = c;
    }
  });

  it('snap rounds to the step and removes float dust', () => {
    const x = space[1] as Extract<ParamSpec, { kind: 'number' }>;
    expect(snap(x, 0.3 + 1e-12)).toBe(0.3);
    expect(snap(x, 5)).toBe(0.9);
    expect(snap(x, -1)).toBe(0.1);
  });

  it('mutation at rate 1 always changes every numeric gene, even on a two-point range', () => {
    const tiny: ParamSpec[] = [{ kind: 'number', name: 'k', min: 1, max: 2, step: 1, integer: true }];
    const rng = createPrng(3);
    for (let i = 0; i < 50; i++) expect(mutate(tiny, { k: 1 }, rng, 1, 0.01).k).toBe(2);
  });

  it('rejects an empty or inverted space with the parameter named', () => {
    expect(() => validateSpace([])).toThrow(/parameter space is empty/);
    expect(() => validateSpace([{ kind: 'number', name: 'period', min: 10, max: 5, step: 1, integer: true }])).toThrow(
      /period: inverted range 10\.\.5/,
    );
    expect(() => validateSpace([{ kind: 'number', name: 'w', min: 0, max: 1, step: 0, integer: false }])).toThrow(
      OptimizerInputError,
    );
  });

  it('rejects impossible settings', () => {
    expect(() => initGenetic(space, { ...opts, populationSize: 1 })).toThrow(/populationSize must be an integer >= 2/);
    expect(() => initGenetic(space, { ...opts, elitism: 20 })).toThrow(/elitism/);
    expect(() => initGenetic(space, { ...opts, mutationRate: 2 })).toThrow(/mutationRate/);
  });
});

/** A smooth bowl with its maximum at n = 31, x = 0.35, flag = true. */
const bowl = (g: Record<string, number | boolean>) =>
  -Math.abs((g.n as number) - 31) - 20 * Math.abs((g.x as number) - 0.35) - (g.flag ? 0 : 3) + 0; // + 0 turns -0 into 0, as JSON does

function run(o: GeneticOptions) {
  let s = initGenetic(space, o, [{ n: 2, x: 0.9, flag: false }]);
  while (s.population.length) s = advanceGenetic(space, o, s, s.population.map(bowl));
  return s;
}

describe('genetic search', () => {
  it('finds the maximum of a known function', () => {
    const s = run(opts);
    expect(s.hallOfFame[0].params).toEqual({ n: 31, x: 0.35, flag: true });
    expect(s.history).toHaveLength(30);
  });

  it('elitism never lets the best fitness of a generation fall', () => {
    const s = run(opts);
    for (let i = 1; i < s.history.length; i++)
      expect(s.history[i].bestFitness).toBeGreaterThanOrEqual(s.history[i - 1].bestFitness);
  });

  it('is reproducible from its seed and differs for another seed', () => {
    expect(JSON.stringify(run(opts))).toBe(JSON.stringify(run(opts)));
    expect(JSON.stringify(run({ ...opts, seed: 8 }).history)).not.toBe(JSON.stringify(run(opts).history));
  });

  it('resumes identically from its JSON state (what a workflow replay relies on)', () => {
    let a = initGenetic(space, opts);
    let b = a;
    for (let g = 0; g < 10; g++) {
      a = advanceGenetic(space, opts, a, a.population.map(bowl));
      b = JSON.parse(JSON.stringify(advanceGenetic(space, opts, b, b.population.map(bowl))));
    }
    expect(b).toEqual(a);
  });

  it('seeds generation 0 with the given individuals', () => {
    const s = initGenetic(space, opts, [{ n: 2, x: 0.9, flag: false }]);
    expect(s.population[0]).toEqual({ n: 2, x: 0.9, flag: false });
    expect(new Set(s.population.map((g) => JSON.stringify(g))).size).toBe(opts.populationSize);
  });
});

describe('generation statistics', () => {
  it('the mean leaves out individuals that could not be scored', () => {
    const o = { ...opts, populationSize: 4, generations: 2 };
    const s = initGenetic(space, o);
    const next = advanceGenetic(space, o, s, [1, 3, -1000, -1000]);
    expect(next.history[0]).toMatchObject({ bestFitness: 3, meanFitness: 2 });
    const none = advanceGenetic(space, o, s, [-1000, -1000, -1000, -1000]);
    expect(none.history[0].meanFitness).toBe(-1000);
  });
});
