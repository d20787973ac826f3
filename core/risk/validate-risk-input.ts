// Bad numbers must fail loudly with the field's name: a NaN price would otherwise size to NaN and
// slip through every comparison.
import type { RiskInput } from './risk-types';

function need(ok: boolean, field: string, rule: string, value: unknown): void {
  if (!ok) throw new Error(`risk input: ${field} ${rule}, got ${String(value)}`);
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

const VENUE_AMOUNTS = ['minAmount', 'maxAmount', 'minNotional'] as const;

export function validateRiskInput(input: RiskInput): void {
  need(
    typeof input.symbol === 'string' && input.symbol.length > 0,
    'symbol',
    'must be a non-empty string',
    input.symbol,
  );
  need(finite(input.price) && input.price > 0, 'price', 'must be a finite number > 0', input.price);
  const a = input.account;
  need(finite(a.equity), 'account.equity', 'must be a finite number', a.equity);
  need(finite(a.cash), 'account.cash', 'must be a finite number', a.cash);
  need(
    finite(a.dayStartEquity) && a.dayStartEquity > 0,
    'account.dayStartEquity',
    'must be a finite number > 0',
    a.dayStartEquity,
  );
  need(finite(a.realizedPnlToday), 'account.realizedPnlToday', 'must be a finite number', a.realizedPnlToday);
  need(finite(a.unrealizedPnlToday), 'account.unrealizedPnlToday', 'must be a finite number', a.unrealizedPnlToday);
  input.openPositions.forEach((p, i) => {
    need(
      finite(p.quantity) && p.quantity >= 0,
      `openPositions[${i}].quantity`,
      'must be a finite number >= 0',
      p.quantity,
    );
    need(
      finite(p.entryPrice) && p.entryPrice > 0,
      `openPositions[${i}].entryPrice`,
      'must be a finite number > 0',
      p.entryPrice,
    );
    need(p.side === 'long' || p.side === 'short', `openPositions[${i}].side`, 'must be long or short', p.side);
  });
  if (input.atr !== undefined)
    need(finite(input.atr) && input.atr >= 0, 'atr', 'must be a finite number >= 0', input.atr);
  if (input.requestedLeverage !== undefined)
    need(
      finite(input.requestedLeverage) && input.requestedLeverage >= 1,
      'requestedLeverage',
      'must be a finite number >= 1',
      input.requestedLeverage,
    );
  if (input.requestedQuantity !== undefined)
    need(
      finite(input.requestedQuantity) && input.requestedQuantity > 0,
      'requestedQuantity',
      'must be a finite number > 0',
      input.requestedQuantity,
    );
  const pr = input.protection;
  if (pr?.stopLossPct !== undefined)
    need(
      finite(pr.stopLossPct) && pr.stopLossPct > 0 && pr.stopLossPct < 100,
      'protection.stopLossPct',
      'must be a percentage in (0, 100)',
      pr.stopLossPct,
    );
  if (pr?.takeProfitPct !== undefined)
    need(
      finite(pr.takeProfitPct) && pr.takeProfitPct > 0,
      'protection.takeProfitPct',
      'must be a percentage > 0',
      pr.takeProfitPct,
    );
  const v = input.venue;
  if (v !== undefined) {
    need(finite(v.amountStep) && v.amountStep > 0, 'venue.amountStep', 'must be a finite number > 0', v.amountStep);
    for (const field of VENUE_AMOUNTS) {
      const x = v[field];
      if (x !== undefined) need(finite(x) && x >= 0, `venue.${field}`, 'must be a finite number >= 0', x);
    }
    // A maximum below the minimum (or below one step) leaves no size the venue accepts. The message
    // is built only on failure: this runs on every cycle, and formatting the floor every time cost
    // more than all the checks here.
    if (v.maxAmount !== undefined) {
      const floor = Math.max(v.minAmount ?? 0, v.amountStep);
      if (!(v.maxAmount >= floor))
        need(false, 'venue.maxAmount', `must be >= venue.minAmount and venue.amountStep (${floor})`, v.maxAmount);
    }
  }
  const s = input.strategyStats;
  if (s) {
    need(
      finite(s.winRate) && s.winRate >= 0 && s.winRate <= 1,
      'strategyStats.winRate',
      'must be within 0..1',
      s.winRate,
    );
    need(
      finite(s.payoffRatio) && s.payoffRatio > 0,
      'strategyStats.payoffRatio',
      'must be a finite number > 0',
      s.payoffRatio,
    );
    need(
      Number.isInteger(s.tradeCount) && s.tradeCount >= 0,
      'strategyStats.tradeCount',
      'must be an integer >= 0',
      s.tradeCount,
    );
  }
}
