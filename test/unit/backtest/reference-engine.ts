// A deliberately plain re-implementation of the fill rules in README "Backtesting", candle by candle with
// objects and no shortcuts, to cross-check the optimised engine on random inputs.
import type { BacktestConfig } from '../../../core/backtest/config';
import { trailingStopLevel } from '../../../core/exits/trailing-stop';

export interface RefCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}
export interface RefAdvice {
  code: number; // 0 hold, 1 enter long, 2 enter short, 3 exit
  sl?: number;
  tp?: number;
}
export interface RefTrade {
  side: 'long' | 'short';
  entryIndex: number;
  exitIndex: number;
  entryPrice: number;
  exitPrice: number;
  quantity: number;
  pnl: number;
  fees: number;
  funding: number;
  exitReason: string;
}

const EIGHT_HOURS = 8 * 3_600_000;

export function referenceBacktest(candles: RefCandle[], advice: RefAdvice[], cfg: BacktestConfig) {
  const slip = cfg.slippageBps / 10_000;
  let cash = cfg.initialCapital;
  let pos: null | {
    side: 1 | -1;
    qty: number;
    entry: number;
    entryIndex: number;
    entryFee: number;
    margin: number;
    stop: number | null;
    take: number | null;
    trail: number | null;
    funding: number;
  } = null;
  const trades: RefTrade[] = [];
  const equity: number[] = [];

  const close = (i: number, price: number, reason: string) => {
    const p = pos!;
    const exitFee = price * p.qty * cfg.fee;
    const gross = p.side * (price - p.entry) * p.qty;
    cash += p.margin + gross - exitFee;
    trades.push({
      side: p.side > 0 ? 'long' : 'short',
      entryIndex: p.entryIndex,
      exitIndex: i,
      entryPrice: p.entry,
      exitPrice: price,
      quantity: p.qty,
      pnl: gross - p.entryFee - exitFee - p.funding,
      fees: p.entryFee + exitFee,
      funding: p.funding,
      exitReason: reason,
    });
    pos = null;
  };

  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    if (pos && i > 0 && cfg.funding) {
      let rate = 0;
      if ('ratePer8h' in cfg.funding) {
        const crossings = Math.floor(c.time / EIGHT_HOURS) - Math.floor(candles[i - 1].time / EIGHT_HOURS);
        if (crossings > 0) rate = cfg.funding.ratePer8h * crossings;
      } else {
        for (const e of cfg.funding.events) if (e.time > candles[i - 1].time && e.time <= c.time) rate += e.rate;
      }
      const pay = pos.side * pos.qty * c.open * rate;
      cash -= pay;
      pos.funding += pay;
    }
    if (i > 0) {
      const a = advice[i - 1];
      const wantSide = a.code === 1 ? 1 : a.code === 2 ? -1 : 0;
      if (pos && (a.code === 3 || (wantSide !== 0 && wantSide !== pos.side))) {
        close(i, pos.side > 0 ? c.open * (1 - slip) : c.open * (1 + slip), 'signal');
      }
      if (!pos && wantSide !== 0 && cash > 0) {
        const fill: number = wantSide > 0 ? c.open * (1 + slip) : c.open * (1 - slip);
        const qty: number = (cash * (cfg.stakePct / 100) * cfg.leverage) / (fill * (1 + cfg.leverage * cfg.fee));
        const margin = (qty * fill) / cfg.leverage;
        const entryFee = qty * fill * cfg.fee;
        cash -= margin + entryFee;
        const sl = a.sl ?? cfg.stopLossPct;
        const tp = a.tp ?? cfg.takeProfitPct;
        pos = {
          side: wantSide,
          qty,
          entry: fill,
          entryIndex: i,
          entryFee,
          margin,
          stop: sl === null ? null : fill * (1 - (wantSide * sl) / 100),
          take: tp === null ? null : fill * (1 + (wantSide * tp) / 100),
          trail:
            cfg.trailingStopPct === null
              ? null
              : trailingStopLevel(wantSide > 0 ? 'long' : 'short', NaN, fill, cfg.trailingStopPct),
          funding: 0,
        };
      }
    }
    if (pos) {
      const onEntry = pos.entryIndex === i;
      // The tighter of the fixed stop and the trail as of the previous close.
      const trailTighter =
        pos.trail !== null && (pos.stop === null || (pos.side > 0 ? pos.trail > pos.stop : pos.trail < pos.stop));
      const stop = trailTighter ? pos.trail : pos.stop;
      const stopReason = trailTighter ? 'trailing_stop' : 'stop_loss';
      if (pos.side > 0) {
        if (stop !== null && c.low <= stop)
          close(i, (onEntry ? stop : Math.min(c.open, stop)) * (1 - slip), stopReason);
        else if (pos.take !== null && c.high >= pos.take)
          close(i, onEntry ? pos.take : Math.max(c.open, pos.take), 'take_profit');
      } else {
        if (stop !== null && c.high >= stop)
          close(i, (onEntry ? stop : Math.max(c.open, stop)) * (1 + slip), stopReason);
        else if (pos.take !== null && c.low <= pos.take)
          close(i, onEntry ? pos.take : Math.min(c.open, pos.take), 'take_profit');
      }
    }
    // After the checks, this candle's extreme moves the trail of a position still open.
    const held = pos as typeof pos;
    if (held && held.trail !== null && cfg.trailingStopPct !== null)
      held.trail =
        held.side > 0
          ? trailingStopLevel('long', held.trail, c.high, cfg.trailingStopPct)
          : trailingStopLevel('short', held.trail, c.low, cfg.trailingStopPct);
    if (pos && i === candles.length - 1) close(i, c.close, 'end');
    const p = pos as typeof pos;
    equity.push(p ? cash + p.margin + p.side * (c.close - p.entry) * p.qty : cash);
  }
  return { trades, equity, cash };
}
