// Who can think with a language model, and how. The five analysts, the coordinator and the risk
// agent's review each have a mode; the bull and bear of the optional debate are voices of the
// coordinator's step. No zod here: workflows import this.
import { AGENT_NAMES, type AgentName } from '../agents/signal';

export const AGENT_ROLES = [...AGENT_NAMES, 'coordinator', 'risk'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** Every role a model call is made for (the debate's two voices besides the agents). */
export const LLM_ROLES = [...AGENT_ROLES, 'bull', 'bear'] as const;
export type LlmRole = (typeof LLM_ROLES)[number];

/**
 * `deterministic`: the rules alone. `llm`: the model decides the role's answer. `hybrid`: the model
 * decides with the deterministic reading as one more input (the coordinator in hybrid may hold up the
 * ensemble's trade, never start one the ensemble did not).
 */
export const AGENT_MODES = ['deterministic', 'llm', 'hybrid'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export type AgentModes = Record<AgentRole, AgentMode>;

/** Analysts and the debate's voices run on the quick model; the coordinator and the review on the deep one. */
export type ModelTier = 'quick' | 'deep';
export const ROLE_TIER: Record<LlmRole, ModelTier> = {
  market: 'quick',
  strategy: 'quick',
  onchain: 'quick',
  sentiment: 'quick',
  macro: 'quick',
  bull: 'quick',
  bear: 'quick',
  coordinator: 'deep',
  risk: 'deep',
};

export const ALL_DETERMINISTIC: AgentModes = {
  market: 'deterministic',
  strategy: 'deterministic',
  onchain: 'deterministic',
  sentiment: 'deterministic',
  macro: 'deterministic',
  coordinator: 'deterministic',
  risk: 'deterministic',
};

export const isAnalyst = (role: AgentRole): role is AgentName => (AGENT_NAMES as readonly string[]).includes(role);

export function usesModel(modes: Partial<AgentModes> | undefined): boolean {
  return modes !== undefined && Object.values(modes).some((m) => m !== undefined && m !== 'deterministic');
}
