// What a session's cycles need to know of the model setup, resolved once when the session starts and
// carried in its input: the modes, the model per role (so the history names the model that answered),
// and the call policy the workflow's activity options are built from. Never a key or a URL.
import type { LlmCacheMode } from '../config/llm-config-schema';
import type { AgentModes, LlmRole } from './roles';

export interface CycleLlmSettings {
  agents: AgentModes;
  models: Partial<Record<LlmRole, string>>;
  debateRounds: number;
  cache: LlmCacheMode;
  /** Per attempt of one call. */
  timeoutMs: number;
  maxAttempts: number;
}

/** A backtest's: the same, and how often the model is asked (every `every`-th candle; the rules in between). */
export interface BacktestLlmSettings extends CycleLlmSettings {
  every: number;
}
