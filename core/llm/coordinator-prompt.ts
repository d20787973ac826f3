// The coordinator's request: every analyst's signal (its reasoning quoted as data), the deterministic
// ensemble's decision, the debate so far and the position, with the same labelled market facts the
// analysts read.
import type { AgentSignal } from '../agents/signal';
import type { MarketSnapshot } from '../agents/snapshot';
import type { Decision } from '../coordinator/decision';
import { GROUNDING_RULES, type SamplingSettings } from './analyst-prompt';
import { eventFacts } from './event-facts';
import { marketFacts, positionFacts, renderFacts } from './grounded-facts';
import type { LlmCallRequest, LlmMessage } from './llm-call';
import { quoteAsData } from './quote-as-data';

export interface DebateTurn {
  side: 'bull' | 'bear';
  round: number;
  argument: string;
  conviction: number;
  callId?: string;
}

function signalLines(signals: AgentSignal[]): string {
  return signals
    .map((s) =>
      [
        `${s.agent}: direction ${s.direction}, confidence ${s.confidence}${s.confidence <= 0 ? ' (abstained)' : ''}`,
        quoteAsData(`${s.agent} reasoning`, s.reasoning),
      ].join('\n'),
    )
    .join('\n');
}

function debateLines(turns: DebateTurn[]): string {
  return turns
    .map((t) => quoteAsData(`${t.side} round ${t.round} (conviction ${t.conviction})`, t.argument))
    .join('\n');
}

function context(snapshot: MarketSnapshot, signals: AgentSignal[], debate: DebateTurn[]): string[] {
  const parts = [
    `Market data for ${snapshot.symbol}, ${snapshot.timeframe} candles, as of ${new Date(snapshot.time).toISOString()}:`,
    renderFacts([...marketFacts(snapshot), ...positionFacts(snapshot), ...eventFacts(snapshot.time)]),
    `Analyst signals:\n${signalLines(signals)}`,
  ];
  if (debate.length) parts.push(`Debate:\n${debateLines(debate)}`);
  return parts;
}

function request(
  role: LlmCallRequest['role'],
  answer: LlmCallRequest['answer'],
  sampling: SamplingSettings,
  messages: LlmMessage[],
): LlmCallRequest {
  return {
    role,
    answer,
    model: sampling.model,
    temperature: sampling.temperature,
    maxTokens: sampling.maxTokens,
    messages,
  };
}

export function coordinatorRequest(
  snapshot: MarketSnapshot,
  signals: AgentSignal[],
  ensemble: Decision,
  debate: DebateTurn[],
  sampling: SamplingSettings,
): LlmCallRequest {
  const parts = context(snapshot, signals, debate);
  parts.push(
    `The rule-based ensemble decided ${ensemble.action} (score ${ensemble.score}, confidence ${ensemble.confidence}, disagreement ${ensemble.disagreement}).`,
    'Decide action BUY, SELL or HOLD with confidence (0..1) and reasoning. With a long position open, SELL closes it; with a short open, BUY closes it. HOLD when the evidence is not clear.',
  );
  return request('coordinator', 'coordinator', sampling, [
    {
      role: 'system',
      content: `You are the coordinator of a crypto trading desk: you weigh the analysts' signals and decide.\n${GROUNDING_RULES}`,
    },
    { role: 'user', content: parts.join('\n\n') },
  ]);
}

export function debateRequest(
  side: 'bull' | 'bear',
  round: number,
  snapshot: MarketSnapshot,
  signals: AgentSignal[],
  debate: DebateTurn[],
  sampling: SamplingSettings,
): LlmCallRequest {
  const parts = context(snapshot, signals, debate);
  parts.push(
    `Round ${round}: make the strongest ${side === 'bull' ? 'case for going long' : 'case against going long (or for going short)'}, answering the other side's points. Give argument and conviction (0..1).`,
  );
  return request(side, 'debate', sampling, [
    {
      role: 'system',
      content: `You are the ${side === 'bull' ? 'bullish' : 'bearish'} researcher in a debate before a trading decision.\n${GROUNDING_RULES}`,
    },
    { role: 'user', content: parts.join('\n\n') },
  ]);
}
