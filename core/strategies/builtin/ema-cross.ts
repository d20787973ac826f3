import { z } from 'zod';
import { ENTER_LONG, ENTER_SHORT, EXIT } from '../advice';
import { defineStrategy } from '../strategy';

const schema = z
  .object({
    fast: z.number().int().min(2).max(200).meta({ step: 1 }),
    slow: z.number().int().min(3).max(400).meta({ step: 1 }),
    allowShort: z.boolean(),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be below slow', path: ['fast'] });

/**
 * EMA crossover. Long when the fast EMA crosses above the slow one (fast[i] > slow[i] and
 * fast[i−1] <= slow[i−1], all four defined); the opposite cross exits, or reverses when shorts are
 * allowed. This is the benchmark's hot strategy: both EMAs in one pass without intermediate
 * arrays, with exactly the arithmetic of `ema()` in core/indicators (seed = SMA of the first N
 * closes, then (x − e)·k + e), so the crosses are those of the batch EMAs.
 */
export const emaCross = defineStrategy({
  id: 'ema-cross',
  version: '1.0.0',
  description: 'EMA crossover: long on fast crossing above slow, exit (or short) on the opposite cross',
  paramsSchema: schema,
  defaults: { fast: 12, slow: 26, allowShort: false },
  create(p) {
    const { fast, slow } = p;
    const down = p.allowShort ? ENTER_SHORT : EXIT;
    const up = ENTER_LONG; // a local: imported bindings are module getters
    return {
      warmup: slow,
      overrides: false,
      advise(series, out) {
        const close = series.close;
        const action = out.action;
        const n = series.length;
        if (n <= slow) return;
        const kf = 2 / (fast + 1);
        const ks = 2 / (slow + 1);
        // Warm-up: both seeds, then the fast EMA runs alone up to slow−1.
        let sumF = 0;
        let sumS = 0;
        for (let i = 0; i < slow; i++) {
          if (i < fast) sumF += close[i];
          sumS += close[i];
        }
        let ef = sumF / fast;
        for (let i = fast; i < slow; i++) ef = (close[i] - ef) * kf + ef;
        let es = sumS / slow;
        // Steady state, branch-free: a cross is a coin flip for the branch predictor, so every
        // candle's code is computed arithmetically and stored (0 = hold, as the buffer starts).
        let prevAbove = ef > es ? 1 : 0;
        let prevBelow = ef < es ? 1 : 0;
        for (let i = slow; i < n; i++) {
          const x = close[i];
          ef = (x - ef) * kf + ef;
          es = (x - es) * ks + es;
          // +(a > b), not a ternary: V8 compiles the ternary to a branch, mispredicted at every cross.
          const above = +(ef > es);
          const below = +(ef < es);
          action[i] = (above & ~prevAbove) * up + (below & ~prevBelow) * down;
          prevAbove = above;
          prevBelow = below;
        }
      },
    };
  },
});
