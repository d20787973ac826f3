import { z } from 'zod';
import { agentsField, debateRoundsField, llmCacheField } from './llm-fields';
import { MAX_TRAILING_STOP_PCT } from '../../core/exits/trailing-stop';
import { AGENT_MODES, AGENT_ROLES } from '../../core/llm/roles';
import { DECISION_MODES, DEFAULT_DECISION_MODE } from '../../core/pipeline/decision-mode';
import { protectionsConfigSchema } from '../../core/protections/protections-config-schema';
import { isoTime, jsonObject, nullableTime, temporalUiUrl } from './common';
import { pageQuery } from '../http/pagination';

const symbol = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9]+\/[A-Za-z0-9]+(:[A-Za-z0-9]+)?$/, 'must look like BASE/QUOTE, e.g. BTC/USDT');

export const StartSessionBody = z
  .object({
    mode: z.enum(['paper', 'live']).default('paper'),
    exchange: z.string().min(1).max(64).default('sim'),
    symbols: z.array(symbol).min(1, 'give at least one symbol').max(10, 'at most 10 symbols per session'),
    timeframe: z
      .string()
      .regex(/^\d+[smhdwM]$/, 'must be a timeframe like 1m, 5m, 1h, 1d')
      .default('1m'),
    strategy: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'must be a built-in strategy id, e.g. ema-cross'),
    params: jsonObject.optional(),
    maxCycles: z.number().int().min(1).max(1_000_000).optional(),
    speed: z
      .number()
      .positive()
      .max(100_000)
      .optional()
      .describe('sim market only: simulated time per wall time (stored once for every process)'),
    confirmLive: z.literal(true).optional().describe('required for mode live'),
    decide: z
      .enum(DECISION_MODES)
      .default(DEFAULT_DECISION_MODE)
      .describe(
        "who decides trades: strategy (the strategy's advice, which the analysts may veto or shrink) or ensemble (the coordinator from every signal)",
      ),
    protections: protectionsConfigSchema.optional().describe('protections that lock new entries; all off when absent'),
    trailingStopPct: z
      .number()
      .gt(0)
      .max(MAX_TRAILING_STOP_PCT)
      .optional()
      .describe('a trailing stop this many percent behind the best price since entry; none when absent'),
    agents: agentsField
      .optional()
      .describe("what each agent thinks with: one mode for all, or per agent; roles left out keep the config's mode"),
    llmCache: llmCacheField.optional().describe("model answer cache; absent: the config's"),
    debateRounds: debateRoundsField.optional().describe('bull/bear rounds before an LLM coordinator decides'),
  })
  .strict();

export const SignalBody = z.object({ reason: z.string().max(500).optional() }).strict();
export const KillBody = z
  .object({
    confirm: z.boolean().optional().describe('must be true: kill cancels open orders and closes positions'),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const ForceExitBody = z
  .object({
    symbol: z.string().min(1).max(40).describe("one of the session's symbols (BTC/USDT), or all"),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const ForceExitAnswer = z
  .object({ sessionId: z.string(), signal: z.literal('forceExit'), symbol: z.string() })
  .strict();

export const SessionStatusFilter = z.enum([
  'running',
  'paused',
  'stopping',
  'stopped',
  'killed',
  'failed',
  'completed',
]);
export const ListSessionsQuery = z.object({ status: SessionStatusFilter.optional(), ...pageQuery }).strict();

export const Session = z.object({
  id: z.string(),
  mode: z.enum(['paper', 'live']),
  exchange: z.string(),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  strategy: z.string(),
  strategyVersion: z.number().int(),
  status: z.string(),
  workflowId: z.string().nullable(),
  temporalUiUrl,
  startedAt: isoTime,
  stoppedAt: nullableTime,
  config: jsonObject,
  decide: z.enum(DECISION_MODES),
  protections: protectionsConfigSchema.nullable().describe('null: no protection configured'),
  trailingStopPct: z.number().nullable().describe('null: no trailing stop'),
  agents: z
    .partialRecord(z.enum(AGENT_ROLES), z.enum(AGENT_MODES))
    .describe('the agents that think with a model (llm or hybrid); empty: every agent on its rules'),
});

/** A protection lock in force: new entries in `symbol` (scope pair) or in every pair (scope all) wait until `until`. */
export const SessionLock = z.object({
  id: z.string(),
  protection: z.enum(['StoplossGuard', 'MaxDrawdown', 'CooldownPeriod', 'LowProfitPairs']),
  scope: z.enum(['pair', 'all']),
  symbol: z.string().optional(),
  from: isoTime,
  until: isoTime,
  reason: z.string(),
});

export const SignalAnswer = z.object({ sessionId: z.string(), signal: z.enum(['pause', 'resume', 'stop', 'kill']) });
