// Builds the `sim` plugin the way every process must see it: from the stored clock, replaying a
// candle file when one is configured, otherwise the seeded generated market.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCandlesCsv, parseCandlesJson } from '../../../core/candles';
import type { MarketType } from '../../../core/exchange/types';
import { dataDir } from '../../stack/config/paths';
import { loadOrCreateSimClock } from './sim-clock-store';
import { SimExchange } from './sim-exchange';

export interface SimFactoryOptions {
  marketType?: MarketType;
  /** Candle file (CSV or JSON) to replay instead of the generated market. */
  replayFile?: string;
  /** Market the replayed candles belong to, e.g. BTC/USDT. */
  replaySymbol?: string;
  /** Used only when the clock is first stored; afterwards every process uses the stored values. */
  speed?: number;
  seed?: number;
  clockFile?: string;
}

export function createSimExchange(opts: SimFactoryOptions = {}): SimExchange {
  if (opts.replayFile) {
    const text = readFileSync(opts.replayFile, 'utf8');
    const series = /\.json$/i.test(opts.replayFile) ? parseCandlesJson(text) : parseCandlesCsv(text);
    // A replay starts when it is first opened; its clock file is its own, so the generated market's is untouched.
    const clockFile =
      opts.clockFile ??
      path.join(dataDir(), `sim-clock-${path.basename(opts.replayFile).replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
    const clock = loadOrCreateSimClock(clockFile, { speed: opts.speed ?? 60, seed: opts.seed, historyMs: 0 });
    return new SimExchange({
      clock: { wallStart: clock.wallStart, speed: clock.speed },
      replay: { symbol: opts.replaySymbol ?? 'BTC/USDT', series },
      marketType: opts.marketType,
    });
  }
  const clock = loadOrCreateSimClock(opts.clockFile, { speed: opts.speed, seed: opts.seed });
  return new SimExchange({ clock, seed: clock.seed, marketType: opts.marketType });
}

/** For the exchange registry's `factories` map: `{ sim: simExchangeFactory }`. */
export function simExchangeFactory(config: { market: MarketType }, env: NodeJS.ProcessEnv = process.env): SimExchange {
  const speed = env.OPENTRADE_SIM_SPEED ? Number(env.OPENTRADE_SIM_SPEED) : undefined;
  const seed = env.OPENTRADE_SIM_SEED ? Number(env.OPENTRADE_SIM_SEED) : undefined;
  if (speed !== undefined && !(speed > 0))
    throw new RangeError(`OPENTRADE_SIM_SPEED must be a positive number, got "${env.OPENTRADE_SIM_SPEED}"`);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new RangeError(`OPENTRADE_SIM_SEED must be an integer, got "${env.OPENTRADE_SIM_SEED}"`);
  return createSimExchange({
    marketType: config.market,
    speed,
    seed,
    replayFile: env.OPENTRADE_SIM_FILE,
    replaySymbol: env.OPENTRADE_SIM_SYMBOL,
  });
}
