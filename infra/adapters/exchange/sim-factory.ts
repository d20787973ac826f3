// Builds the `sim` plugin the way every process must see it: from the stored clock, replaying a
// candle file when one is configured, otherwise the seeded generated market.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCandlesCsv, parseCandlesJson } from '../../../core/candles';
import type { MarketType } from '../../../core/exchange/types';
import { dataDir } from '../../stack/config/paths';
import { loadOrCreateSimClock } from './sim-clock-store';
import { SimExchange } from './sim-exchange';
import { SteppedSimClock } from './stepped-sim-clock';

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
  /** Replay on a clock that moves only when a session asks for the next candle close. */
  stepped?: boolean;
}

export function createSimExchange(opts: SimFactoryOptions = {}): SimExchange {
  if (opts.stepped && !opts.replayFile)
    throw new RangeError('a stepped sim replays a candle file: set OPENTRADE_SIM_FILE as well');
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
      ...(opts.stepped
        ? { stepped: new SteppedSimClock(clockFile.replace(/\.json$/, '.stepped.json'), series.time[0]) }
        : {}),
    });
  }
  const clock = loadOrCreateSimClock(opts.clockFile, { speed: opts.speed, seed: opts.seed });
  return new SimExchange({ clock, seed: clock.seed, marketType: opts.marketType });
}

function steppedFlag(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new RangeError(`OPENTRADE_SIM_STEPPED must be 1 (a replay stepped by its session) or 0, got "${raw}"`);
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
    stepped: steppedFlag(env.OPENTRADE_SIM_STEPPED),
  });
}
