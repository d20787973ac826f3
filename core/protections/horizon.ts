import type { ProtectionsConfig } from './types';

/**
 * How many candles before `now` a closed trade can still matter: a lock in force now was triggered
 * less than a stop duration ago, and that trigger looked back its lookback. Trades that closed
 * earlier change nothing, so a caller may load only (now − horizon × timeframe, now].
 * 0 when no protection is configured.
 */
export function protectionHorizonCandles(config: ProtectionsConfig): number {
  const { stoplossGuard: sg, maxDrawdown: md, cooldownPeriod: cd, lowProfitPairs: lp } = config;
  return Math.max(
    0,
    sg ? sg.lookbackCandles + sg.stopDurationCandles : 0,
    md ? md.lookbackCandles + md.stopDurationCandles : 0,
    cd ? cd.stopDurationCandles : 0,
    lp ? lp.lookbackCandles + lp.stopDurationCandles : 0,
  );
}
