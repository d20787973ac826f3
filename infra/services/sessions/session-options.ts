// How a session was asked to decide and protect itself, read back from its TradingSession row's
// `config` (start-session.ts writes it there). The status query does not carry these, so the
// gateway and `opentrade trade status` both read the row, through this one reader.
import { DEFAULT_DECISION_MODE, isDecisionMode, type DecisionMode } from '../../../core/pipeline/decision-mode';
import type { ProtectionsConfig } from '../../../core/protections/types';

export interface SessionOptions {
  decide: DecisionMode;
  /** null: no protection configured. */
  protections: ProtectionsConfig | null;
  /** null: no trailing stop. */
  trailingStopPct: number | null;
  /** The agents that think with a model, by role (`llm` or `hybrid`); empty: every agent on its rules. */
  agents: Record<string, string>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `config` is the row's JSON; rows written before these options existed read as the defaults. */
export function sessionOptionsOf(config: unknown): SessionOptions {
  const c = isObject(config) ? config : {};
  return {
    decide: isDecisionMode(c.decide) ? c.decide : DEFAULT_DECISION_MODE,
    protections: isObject(c.protections) && Object.keys(c.protections).length > 0 ? c.protections : null,
    trailingStopPct: typeof c.trailingStopPct === 'number' ? c.trailingStopPct : null,
    agents: modelAgents(c.llm),
  };
}

function modelAgents(llm: unknown): Record<string, string> {
  if (!isObject(llm) || !isObject(llm.agents)) return {};
  return Object.fromEntries(
    Object.entries(llm.agents).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== 'deterministic',
    ),
  );
}
