import type { ExitReason, ProtectionTrade } from '../../../core/protections/types';

/** One-hour candles from 2026-01-01T00:00Z, so candle numbers read straight off the ISO times. */
export const TF = 3_600_000;
export const T0 = Date.UTC(2026, 0, 1);
export const at = (candle: number): number => T0 + candle * TF;
export const iso = (candle: number): string => new Date(at(candle)).toISOString();

export interface TradeSpec {
  /** Exit candle. */
  exit: number;
  symbol?: string;
  pnl?: number;
  profitRatio?: number;
  exitReason?: ExitReason;
}

/** A closed trade; by default a losing BTC/USDT stop-loss (-1 %, -10). */
export function trade(s: TradeSpec): ProtectionTrade {
  return {
    symbol: s.symbol ?? 'BTC/USDT',
    side: 'long',
    entryTime: at(s.exit - 1),
    exitTime: at(s.exit),
    pnl: s.pnl ?? -10,
    profitRatio: s.profitRatio ?? -0.01,
    exitReason: s.exitReason ?? 'stop_loss',
  };
}

export const trades = (...specs: TradeSpec[]): ProtectionTrade[] =>
  specs.map(trade).sort((a, b) => a.exitTime - b.exitTime);

/** A fixed pseudo-random sequence (LCG) so a large history is the same on every run. */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const REASONS: ExitReason[] = ['stop_loss', 'stop_loss', 'take_profit', 'signal', 'trailing_stop', 'liquidation'];

/** `n` trades, one exit every 1..4 candles, mixed pairs, reasons and results. */
export function history(n: number, seed = 7): ProtectionTrade[] {
  const next = lcg(seed);
  const out: ProtectionTrade[] = [];
  let candle = 0;
  for (let i = 0; i < n; i++) {
    candle += 1 + Math.floor(next() * 4);
    const profitRatio = Math.round((next() - 0.6) * 600) / 10_000;
    out.push(
      trade({
        exit: candle,
        symbol: SYMBOLS[Math.floor(next() * SYMBOLS.length)],
        profitRatio,
        pnl: profitRatio * 1000,
        exitReason: REASONS[Math.floor(next() * REASONS.length)],
      }),
    );
  }
  return out;
}
