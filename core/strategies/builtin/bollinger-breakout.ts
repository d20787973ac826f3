import { z } from 'zod';
import { bollinger } from '../../indicators/bollinger';
import { ENTER_LONG, ENTER_SHORT, EXIT } from '../advice';
import { defineStrategy } from '../strategy';

const schema = z.object({
  period: z.number().int().min(5).max(100).meta({ step: 1 }),
  k: z.number().min(1).max(4).meta({ step: 0.1 }),
  allowShort: z.boolean(),
});

/**
 * Volatility breakout: long when the close breaks above the upper band. Long-only exits when the
 * close falls back below the middle band; with shorts, a close below the lower band reverses.
 */
export const bollingerBreakout = defineStrategy({
  id: 'bollinger-breakout',
  version: '1.0.0',
  description: 'Bollinger breakout: long above the upper band, exit below the middle (or short below the lower band)',
  paramsSchema: schema,
  defaults: { period: 20, k: 2, allowShort: false },
  create(p) {
    // Locals: imported bindings are module getters, and the loop runs once per candle.
    const buy = ENTER_LONG;
    const leave = p.allowShort ? ENTER_SHORT : EXIT;
    const allowShort = p.allowShort;
    return {
      warmup: p.period - 1,
      overrides: false,
      advise(series, out) {
        const b = bollinger(series.close, p.period, p.k);
        const close = series.close;
        const action = out.action;
        for (let i = 0; i < series.length; i++) {
          const c = close[i];
          if (c > b.upper[i]) action[i] = buy;
          else if (allowShort ? c < b.lower[i] : c < b.middle[i]) action[i] = leave;
        }
      },
    };
  },
});
