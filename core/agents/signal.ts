// The one output every analyst agent gives, on its rules or from a model (a model's answer is read
// by core/llm/read-analyst-answer). No zod here: workflows import this, and every workflow run
// evaluates its imports.
import type { AgentMode } from '../llm/roles';
import type { MarketSnapshot } from './snapshot';

export const AGENT_NAMES = ['market', 'strategy', 'onchain', 'sentiment', 'macro'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export interface AgentSignal {
  agent: AgentName;
  /** -1 (strongly bearish) .. 1 (strongly bullish). */
  direction: number;
  /** 0 (no opinion: abstention) .. 1. */
  confidence: number;
  reasoning: string;
  data: Record<string, unknown>;
}

export interface Agent {
  readonly name: AgentName;
  readonly mode: AgentMode;
  analyze(snapshot: MarketSnapshot): AgentSignal | Promise<AgentSignal>;
}

/** An agent with nothing to say: confidence 0, so the coordinator gives it no weight. */
export function abstain(agent: AgentName, reason: string, data?: Record<string, unknown>): AgentSignal {
  return {
    agent,
    direction: 0,
    confidence: 0,
    reasoning: `abstains: ${reason}`,
    // Without data, the literal the spread would give: the pipeline backtest abstains four times a cycle.
    data: data ? { ...data, abstained: true, reason } : { abstained: true, reason },
  };
}

export function isAbstention(signal: AgentSignal): boolean {
  return signal.confidence <= 0;
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** Rounds for readable reasoning and stable `data` (no 17-digit floats in the Temporal UI). */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
