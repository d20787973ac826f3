import { z } from 'zod';
import { macd } from '../../indicators/macd';
import { ENTER_LONG, ENTER_SHORT, EXIT } from '../advice';
import { defineStrategy } from '../strategy';

const schema = z
  .object({
    fast: z.number().int().min(2).max(50).meta({ step: 1 }),
    slow: z.number().int().min(5).max(100).meta({ step: 1 }),
    signal: z.number().int().min(2).max(50).meta({ step: 1 }),
    allowShort: z.boolean(),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be below slow', path: ['fast'] });

/** Trend following on MACD (TA-Lib): long when the MACD line crosses above its signal, exit (or short) on the cross below. */
export const macdTrend = defineStrategy({
  id: 'macd-trend',
  version: '1.0.0',
  description: 'MACD trend: long when MACD crosses above its signal line, exit (or short) on the cross below',
  paramsSchema: schema,
  defaults: { fast: 12, slow: 26, signal: 9, allowShort: false },
  create(p) {
    const down = p.allowShort ? ENTER_SHORT : EXIT;
    const up = ENTER_LONG; // a local: imported bindings are module getters
    return {
      warmup: p.slow + p.signal - 1,
      overrides: false,
      advise(series, out) {
        const m = macd(series.close, p.fast, p.slow, p.signal);
        const action = out.action;
        for (let i = p.slow + p.signal - 1; i < series.length; i++) {
          const d = m.macd[i] - m.signal[i];
          const prev = m.macd[i - 1] - m.signal[i - 1];
          if (d > 0 && prev <= 0) action[i] = up;
          else if (d < 0 && prev >= 0) action[i] = down;
        }
      },
    };
  },
});
