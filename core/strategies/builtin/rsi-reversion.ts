import { z } from 'zod';
import { rsi } from '../../indicators/rsi';
import { ENTER_LONG, ENTER_SHORT, EXIT } from '../advice';
import { defineStrategy } from '../strategy';

const schema = z
  .object({
    period: z.number().int().min(2).max(50).meta({ step: 1 }),
    oversold: z.number().min(5).max(45).meta({ step: 1 }),
    overbought: z.number().min(55).max(95).meta({ step: 1 }),
    allowShort: z.boolean(),
  })
  .refine((p) => p.oversold < p.overbought, { message: 'oversold must be below overbought', path: ['oversold'] });

/** Mean reversion on RSI (Wilder): buy below `oversold`, exit (or short) above `overbought`. */
export const rsiReversion = defineStrategy({
  id: 'rsi-reversion',
  version: '1.0.0',
  description: 'RSI mean reversion: long when RSI < oversold, exit (or short) when RSI > overbought',
  paramsSchema: schema,
  defaults: { period: 14, oversold: 30, overbought: 70, allowShort: false },
  create(p) {
    // Locals: imported bindings are module getters, and this loop runs once per candle.
    const buy = ENTER_LONG;
    const up = p.allowShort ? ENTER_SHORT : EXIT;
    const { oversold, overbought } = p;
    return {
      warmup: p.period,
      overrides: false,
      advise(series, out) {
        const r = rsi(series.close, p.period);
        const action = out.action;
        for (let i = 0; i < series.length; i++) {
          const v = r[i];
          action[i] = v < oversold ? buy : v > overbought ? up : 0;
        }
      },
    };
  },
});
