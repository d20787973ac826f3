// The risk agent's review: the order the hard policy approved, with its sizing and the account, for a
// model that may keep it, shrink it or veto it, never enlarge it.
import type { MarketSnapshot } from '../agents/snapshot';
import type { Decision } from '../coordinator/decision';
import type { RiskVerdict } from '../risk/risk-types';
import { GROUNDING_RULES, type SamplingSettings } from './analyst-prompt';
import { eventFacts } from './event-facts';
import { marketFacts, positionFacts, renderFacts } from './grounded-facts';
import type { LlmCallRequest } from './llm-call';
import { quoteAsData } from './quote-as-data';

export function riskReviewRequest(
  snapshot: MarketSnapshot,
  decision: Pick<Decision, 'action' | 'confidence' | 'reasons'>,
  verdict: RiskVerdict,
  sampling: SamplingSettings,
): LlmCallRequest {
  const order = [
    `- side: ${verdict.side}`,
    `- quantity: ${verdict.quantity}`,
    `- notional: ${verdict.notional}`,
    `- stop loss: ${verdict.stopLoss ?? 'none'}`,
    `- take profit: ${verdict.takeProfit ?? 'none'}`,
    `- leverage: ${verdict.leverage}`,
    `- account equity: ${snapshot.account.equity}`,
    `- account cash: ${snapshot.account.cash}`,
  ].join('\n');
  const parts = [
    `Market data for ${snapshot.symbol}, ${snapshot.timeframe} candles, as of ${new Date(snapshot.time).toISOString()}:`,
    renderFacts([...marketFacts(snapshot), ...positionFacts(snapshot), ...eventFacts(snapshot.time)]),
    `Decision: ${decision.action} at confidence ${decision.confidence}.`,
    quoteAsData('decision reasons', decision.reasons.slice(0, 4).join('\n')),
    `Order the hard risk rules approved:\n${order}`,
    quoteAsData('risk rules reasons', verdict.reasons.join('\n')),
    'Review it: verdict approve (sizeFactor 1), shrink (sizeFactor between 0 and 1: the share of the size to keep) or veto (sizeFactor 0), with reasoning. You cannot enlarge the order.',
  ];
  return {
    role: 'risk',
    answer: 'risk_review',
    model: sampling.model,
    temperature: sampling.temperature,
    maxTokens: sampling.maxTokens,
    messages: [
      {
        role: 'system',
        content: `You are the risk manager of a crypto trading desk: the final review of an order before it is placed.\n${GROUNDING_RULES}`,
      },
      { role: 'user', content: parts.join('\n\n') },
    ],
  };
}
