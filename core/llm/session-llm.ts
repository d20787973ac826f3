// A session's or a backtest's model setup: the config's `llm` section with what the command line
// (or the gateway's body) overrides, resolved once into the settings its workflows carry. `--agents`
// is one mode for every agent (`llm`) or a list (`market=llm,coordinator=hybrid`); roles left out
// keep the config's mode.
import type { LlmCacheMode, LlmConfig } from '../config/llm-config-schema';
import { LLM_CACHE_MODES } from '../config/llm-config-schema';
import { RefusedError, ValidationError } from '../errors';
import { unpricedModels } from './pricing';
import type { BacktestLlmSettings, CycleLlmSettings } from './cycle-llm-settings';
import { modelFor, resolveEndpoint } from './resolve-endpoint';
import {
  AGENT_MODES,
  AGENT_ROLES,
  usesModel,
  type AgentMode,
  type AgentModes,
  type AgentRole,
  type LlmRole,
} from './roles';

export interface LlmOverrides {
  /** `--agents`: a mode, a `role=mode,…` list, or an object (gateway). */
  agents?: string | Partial<Record<string, string>>;
  /** `--llm-cache`. */
  cache?: string;
  /** `--debate-rounds`. */
  debateRounds?: string | number;
}

const isMode = (x: unknown): x is AgentMode => typeof x === 'string' && (AGENT_MODES as readonly string[]).includes(x);

function modeEntries(spec: LlmOverrides['agents']): [string, string][] {
  if (spec === undefined) return [];
  if (typeof spec !== 'string') return Object.entries(spec).map(([k, v]) => [k, String(v)]);
  const text = spec.trim();
  if (isMode(text)) return AGENT_ROLES.map((r) => [r, text]);
  return text.split(',').map((part) => {
    const [role, mode, ...rest] = part.split('=').map((x) => x.trim());
    if (!role || mode === undefined || rest.length)
      throw new ValidationError(`--agents: "${part}" is not role=mode`, {
        field: 'agents',
        hint: `a mode (${AGENT_MODES.join(', ')}) for every agent, or e.g. market=llm,coordinator=hybrid`,
      });
    return [role, mode];
  });
}

export function agentModesWith(base: AgentModes, spec: LlmOverrides['agents']): AgentModes {
  const out = { ...base };
  for (const [role, mode] of modeEntries(spec)) {
    if (!(AGENT_ROLES as readonly string[]).includes(role))
      throw new ValidationError(`--agents: unknown agent "${role}"`, {
        field: 'agents',
        hint: `agents: ${AGENT_ROLES.join(', ')}`,
      });
    if (!isMode(mode))
      throw new ValidationError(`--agents: mode "${mode}" for ${role} is not one of ${AGENT_MODES.join(', ')}`, {
        field: 'agents',
      });
    out[role as AgentRole] = mode;
  }
  return out;
}

function cacheMode(raw: string | undefined, fallback: LlmCacheMode): LlmCacheMode {
  if (raw === undefined) return fallback;
  if (!(LLM_CACHE_MODES as readonly string[]).includes(raw))
    throw new ValidationError(`--llm-cache must be ${LLM_CACHE_MODES.join(', ')}, got "${raw}"`, {
      field: 'llmCache',
      hint: 'readwrite: answer from the cache, ask the model on a miss and keep its answer; readonly: only the cache (a miss abstains, nothing is spent); off: always ask',
    });
  return raw as LlmCacheMode;
}

function rounds(raw: string | number | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 5)
    throw new ValidationError(`--debate-rounds must be an integer 0..5, got "${raw}"`, { field: 'debateRounds' });
  return n;
}

/** The settings, or undefined when every agent runs on its rules (no model is called). */
export function sessionLlmSettings(llm: LlmConfig, o: LlmOverrides = {}): CycleLlmSettings | undefined {
  const agents = agentModesWith(llm.agents, o.agents);
  const cache = cacheMode(o.cache, llm.cache);
  const debateRounds = rounds(o.debateRounds, llm.debateRounds);
  if (!usesModel(agents)) return undefined;
  const models: Partial<Record<LlmRole, string>> = {};
  for (const role of AGENT_ROLES) if (agents[role] !== 'deterministic') models[role] = modelFor(llm, role);
  if (agents.coordinator !== 'deterministic' && debateRounds > 0)
    for (const side of ['bull', 'bear'] as const) models[side] = modelFor(llm, side);
  if (llm.budget.sessionUsd !== undefined || llm.budget.dayUsd !== undefined) {
    const unpriced = unpricedModels(Object.values(models), {
      local: resolveEndpoint(llm).local,
      table: llm.pricing,
    });
    if (unpriced.length)
      throw new RefusedError(
        `a money budget is set, and ${unpriced.join(', ')} has no price: its spend would count as $0`,
        {
          field: 'agents',
          hint: `add llm.pricing["${unpriced[0]}"] = { inputPerMTok, outputPerMTok } (USD per million tokens) to the config`,
        },
      );
  }
  return { agents, models, debateRounds, cache, timeoutMs: llm.timeoutMs, maxAttempts: llm.maxAttempts };
}

export interface BacktestLlmOverrides extends LlmOverrides {
  /** `--every`: ask on every n-th candle. */
  every?: string | number;
}

/**
 * A backtest's model setup. Backtests ask a model only when told to (`agents`): a year of candles is
 * many thousands of questions, so the config's session modes never switch it on.
 */
export function backtestLlmSettings(
  llm: LlmConfig,
  o: BacktestLlmOverrides,
  decide: string,
): BacktestLlmSettings | undefined {
  if (o.agents === undefined) {
    const given = (
      [
        ['--every', o.every],
        ['--llm-cache', o.cache],
        ['--debate-rounds', o.debateRounds],
      ] as const
    ).find(([, v]) => v !== undefined);
    if (given) throw new ValidationError(`${given[0]} needs --agents`, { field: 'agents' });
    return undefined;
  }
  if (decide === 'strategy-only')
    throw new ValidationError('--agents needs the agent pipeline: --decide strategy or ensemble', { field: 'agents' });
  const every = o.every === undefined ? 1 : Number(o.every);
  if (!Number.isInteger(every) || every < 1)
    throw new ValidationError(`--every must be a positive integer (ask the model every n candles), got "${o.every}"`, {
      field: 'every',
    });
  const settings = sessionLlmSettings(llm, o);
  return settings ? { ...settings, every } : undefined;
}
