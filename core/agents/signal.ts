// The one output every analyst agent gives, deterministic or LLM. An LLM answer is parsed against
// AgentSignalSchema; anything that fails it becomes an abstention, never a trade.
import { z } from 'zod';
import type { MarketSnapshot } from './snapshot';

export const AGENT_NAMES = ['market', 'strategy', 'onchain', 'sentiment', 'macro'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];
export type AgentMode = 'deterministic' | 'llm';

export const AgentSignalSchema = z
  .object({
    agent: z.enum(AGENT_NAMES),
    direction: z.number().min(-1).max(1),
    confidence: z.number().min(0).max(1),
    reasoning: z.string().min(1),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

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
export function abstain(agent: AgentName, reason: string, data: Record<string, unknown> = {}): AgentSignal {
  return { agent, direction: 0, confidence: 0, reasoning: `abstains: ${reason}`, data: { ...data, abstained: true, reason } };
}

export function isAbstention(signal: AgentSignal): boolean {
  return signal.confidence <= 0;
}

/**
 * Parses an untrusted answer (an LLM's JSON) into a signal for `agent`; a malformed answer or one that
 * claims to be another agent becomes an abstention naming what was wrong.
 */
export function parseAgentSignal(agent: AgentName, raw: unknown): AgentSignal {
  const parsed = AgentSignalSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return abstain(agent, `invalid answer (${issues})`);
  }
  if (parsed.data.agent !== agent) return abstain(agent, `answer is for agent "${parsed.data.agent}", expected "${agent}"`);
  return parsed.data;
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** Rounds for readable reasoning and stable `data` (no 17-digit floats in the Temporal UI). */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
