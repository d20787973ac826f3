// The pure decision path of a trading cycle end to end: snapshot → five deterministic agents →
// coordinator → risk policy, with the real agents, calendar and policy.
import { createDeterministicAgents } from '../../../core/agents/create-agents';
import { AGENT_NAMES } from '../../../core/agents/signal';
import type { MarketSnapshot } from '../../../core/agents/snapshot';
import { coordinate } from '../../../core/coordinator/coordinate';
import { riskContextFromSignals } from '../../../core/risk/context-from-signals';
import { evaluateRisk } from '../../../core/risk/evaluate-risk';
import { buildSeries, HOUR, trending } from '../agents/build-snapshot';

function bullishSnapshot(time: number): MarketSnapshot {
  return {
    exchange: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    time,
    candles: {
      '1h': buildSeries(200, HOUR, time, trending(0.003)),
      '4h': buildSeries(80, 4 * HOUR, time, trending(0.003)),
    },
    orderBook: { bids: [[99.9, 30]], asks: [[100.1, 10]] },
    fundingRate: { fundingRate: 0.0001 },
    account: { equity: 10_000, cash: 10_000 },
    strategyAdvice: { action: 'enter_long', strength: 0.8, stopLossPct: 3 },
  };
}

async function runCycle(snapshot: MarketSnapshot) {
  const agents = createDeterministicAgents();
  const signals = await Promise.all(AGENT_NAMES.map((n) => agents[n].analyze(snapshot)));
  const decision = coordinate(signals);
  const last = snapshot.candles['1h'];
  const price = last.close[last.length - 1];
  const verdict = evaluateRisk({
    decision,
    symbol: snapshot.symbol,
    account: { ...snapshot.account, dayStartEquity: 10_000, realizedPnlToday: 0, unrealizedPnlToday: 0 },
    openPositions: [],
    price,
    atr: signals.find((s) => s.agent === 'market')!.data.atr as number,
    strategyStats: { winRate: 0.55, payoffRatio: 1.8, tradeCount: 120 },
    ...riskContextFromSignals(signals),
  });
  return { signals, decision, verdict, price };
}

describe('decision pipeline (pure)', () => {
  it('a bullish market with a long entry advice becomes an approved, capped long with the strategy stop', async () => {
    const { decision, verdict, price } = await runCycle(bullishSnapshot(Date.UTC(2026, 5, 2)));
    expect(decision.action).toBe('BUY');
    expect(decision.reasons.join('\n')).toMatch(/no weight: macro \(abstained or weight 0\)/);
    expect(verdict.verdict).toBe('approve');
    // half-Kelly of (.55 - .45/1.8) = 15% > the 10% cap → 1,000 notional
    expect(verdict.notional).toBeCloseTo(1000, 6);
    expect(verdict.stopLoss).toBeCloseTo(price * 0.97, 9);
  });

  it('the same market an hour before the December FOMC decision: no new entry', async () => {
    const { signals, verdict } = await runCycle(bullishSnapshot(Date.parse('2026-12-09T18:00:00Z')));
    expect(signals.find((s) => s.agent === 'macro')!.confidence).toBe(0.9);
    expect(verdict.verdict).toBe('veto');
    expect(verdict.quantity).toBe(0);
    expect(verdict.reasons.join('\n')).toMatch(/FOMC event window/);
  });
});

describe('riskContextFromSignals', () => {
  it('reads the sentiment extreme, the macro window and the strategy overrides', () => {
    const ctx = riskContextFromSignals([
      { agent: 'sentiment', direction: -0.8, confidence: 0.7, reasoning: 'x', data: { extreme: true } },
      {
        agent: 'macro',
        direction: 0,
        confidence: 0.9,
        reasoning: 'x',
        data: { eventWindow: { kind: 'CPI', eventTime: '2026-12-10T13:30:00.000Z' } },
      },
      { agent: 'strategy', direction: 1, confidence: 1, reasoning: 'x', data: { stopLossPct: 2 } },
    ]);
    expect(ctx).toEqual({
      sentimentExtreme: true,
      macroWindow: { kind: 'CPI', eventTime: '2026-12-10T13:30:00.000Z' },
      protection: { stopLossPct: 2, takeProfitPct: undefined },
    });
    expect(riskContextFromSignals([])).toEqual({ sentimentExtreme: false, macroWindow: null, protection: undefined });
  });
});
