// The risk step of a cycle, shared by the trading cycle workflow and the pipeline backtest: builds
// the RiskInput from what the cycle saw, runs the hard RiskPolicy, then applies what only a session
// knows: the analysts' resize, the protection locks and a paused session's exits-only rule. Every
// path ends in the policy's verdict or a veto; nothing here can widen what the policy approved.
import type { AgentSignal } from '../agents/signal';
import type { RiskLimits } from '../config/schema';
import type { Decision } from '../coordinator/decision';
import { entryBlockedBy } from '../protections/entry-lock';
import type { ProtectionLock } from '../protections/types';
import { riskContextFromSignals } from '../risk/context-from-signals';
import { evaluateRisk } from '../risk/evaluate-risk';
import { mergeRiskPolicyConfig } from '../risk/risk-policy-config';
import type { RiskInput, RiskOpenPosition, RiskVerdict, StrategyStats } from '../risk/risk-types';
import type { VenueLimits } from '../risk/venue-limits';
import { veto } from '../risk/veto';

/** What the cycle saw at its candle close (the snapshot summary; the backtest builds the same). */
export interface CycleView {
  time: number;
  price: number;
  atr: number | null;
  marketType: 'spot' | 'swap';
  account: { equity: number; cash: number };
  openPositions: (RiskOpenPosition & { unrealizedPnl: number })[];
  strategyStats?: StrategyStats;
  venue?: VenueLimits;
  locks?: ProtectionLock[];
}

export interface CycleRiskContext {
  symbol: string;
  riskLimits: RiskLimits;
  dayStartEquity: number;
  realizedPnlToday: number;
  /** Session paused: exits only. */
  exitsOnly: boolean;
  /** Who asked for the decision's size factor, for the reason (default: the analysts). */
  resizedBy?: string;
}

export function cycleVerdict(
  decision: Decision,
  signals: AgentSignal[],
  view: CycleView,
  ctx: CycleRiskContext,
): RiskVerdict {
  const input: RiskInput = {
    decision: { action: decision.action, confidence: decision.confidence },
    symbol: ctx.symbol,
    account: {
      equity: view.account.equity,
      cash: view.account.cash,
      dayStartEquity: ctx.dayStartEquity > 0 ? ctx.dayStartEquity : view.account.equity,
      realizedPnlToday: ctx.realizedPnlToday,
      unrealizedPnlToday: view.openPositions.reduce((sum, p) => sum + p.unrealizedPnl, 0),
    },
    openPositions: view.openPositions.map(({ symbol, side, quantity, entryPrice, markPrice, leverage }) => ({
      symbol,
      side,
      quantity,
      entryPrice,
      markPrice,
      leverage,
    })),
    price: view.price,
    atr: view.atr ?? undefined,
    strategyStats: view.strategyStats,
    ...riskContextFromSignals(signals),
    allowShort: view.marketType === 'swap',
    ...(view.venue ? { venue: view.venue } : {}),
  };
  const config = mergeRiskPolicyConfig({ limits: ctx.riskLimits });
  let verdict: RiskVerdict;
  try {
    verdict = evaluateRisk(input, config);
    const factor = decision.sizeFactor;
    if (factor !== undefined && factor < 1 && isEntry(verdict)) {
      // The policy sizes first; a resize (the analysts', the risk review's) can only take a share of what it allowed.
      const full = verdict;
      verdict = evaluateRisk({ ...input, requestedQuantity: full.quantity * factor }, config);
      verdict = {
        ...verdict,
        reasons: [...verdict.reasons, `${ctx.resizedBy ?? "analysts' resize"}: × ${factor} of ${full.quantity}`],
      };
    }
  } catch (e) {
    return veto('none', [`risk check refused the input: ${(e as Error).message}`], false, 1);
  }
  if (!isEntry(verdict)) return verdict;
  const lock = entryBlockedBy(view.locks ?? [], ctx.symbol, view.time);
  if (lock) return vetoEntry(verdict, `protection lock: ${lock.reason}`);
  if (ctx.exitsOnly) return vetoEntry(verdict, 'session paused: exits only, no new entries');
  return verdict;
}

const isEntry = (v: RiskVerdict) => v.verdict !== 'veto' && !v.reduceOnly;

export function vetoEntry(verdict: RiskVerdict, why: string): RiskVerdict {
  return {
    ...verdict,
    verdict: 'veto',
    side: null,
    quantity: 0,
    notional: 0,
    stopLoss: null,
    takeProfit: null,
    reasons: [why, ...verdict.reasons],
  };
}
