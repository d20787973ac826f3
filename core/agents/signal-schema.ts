// An LLM's answer is parsed against AgentSignalSchema; anything that fails it becomes an abstention,
// never a trade. Kept apart from signal.ts so workflows, which import that, do not load zod.
import { z } from 'zod';
import { abstain, AGENT_NAMES, type AgentName, type AgentSignal } from './signal';

export const AgentSignalSchema = z
  .object({
    agent: z.enum(AGENT_NAMES),
    direction: z.number().min(-1).max(1),
    confidence: z.number().min(0).max(1),
    reasoning: z.string().min(1),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

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
  if (parsed.data.agent !== agent)
    return abstain(agent, `answer is for agent "${parsed.data.agent}", expected "${agent}"`);
  return parsed.data;
}
