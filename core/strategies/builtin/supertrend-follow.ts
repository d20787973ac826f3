import { z } from 'zod';
import { supertrend } from '../../indicators/supertrend';
import { ENTER_LONG, ENTER_SHORT, EXIT } from '../advice';
import { defineStrategy } from '../strategy';

const schema = z.object({
  period: z.number().int().min(2).max(100).meta({ step: 1 }),
  multiplier: z.number().min(0.5).max(10).meta({ step: 0.1 }),
  allowShort: z.boolean(),
});

/** Follows SuperTrend flips: long when it turns up, exit (or short) when it turns down. */
export const supertrendFollow = defineStrategy({
  id: 'supertrend',
  version: '1.0.0',
  description: 'SuperTrend: long when the trend flips up, exit (or short) when it flips down',
  paramsSchema: schema,
  defaults: { period: 10, multiplier: 3, allowShort: false },
  create(p) {
    const down = p.allowShort ? ENTER_SHORT : EXIT;
    const up = ENTER_LONG; // a local: imported bindings are module getters
    return {
      warmup: p.period + 1,
      overrides: false,
      advise(series, out) {
        const st = supertrend(series.high, series.low, series.close, p.period, p.multiplier);
        const action = out.action;
        for (let i = p.period + 1; i < series.length; i++) {
          const d = st.direction[i];
          if (d !== st.direction[i - 1]) action[i] = d > 0 ? up : down;
        }
      },
    };
  },
});
