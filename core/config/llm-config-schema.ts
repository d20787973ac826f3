// The `llm` section of the config: which endpoint, which models for which role, what each agent
// thinks with, what a call may cost and how long it may take. The API key is never here: only the
// name of the environment variable that holds it.
import { z } from 'zod';
import { AGENT_MODES, LLM_ROLES } from '../llm/roles';
import { LLM_PROVIDERS } from '../llm/provider-presets';
import { envVarName } from './env-var-name';

const mode = z.enum(AGENT_MODES).default('deterministic');

export const AgentModesSchema = z
  .object({
    market: mode,
    strategy: mode,
    onchain: mode,
    sentiment: mode,
    macro: mode,
    coordinator: mode,
    risk: mode,
  })
  .strict();

const budgetAmount = z.number().positive().optional();

export const LlmBudgetSchema = z
  .object({
    sessionTokens: z.number().int().positive().optional(),
    sessionUsd: budgetAmount,
    /** Per UTC day, over every session and backtest. */
    dayTokens: z.number().int().positive().optional(),
    dayUsd: budgetAmount,
    /** What the agents do once a budget is spent. */
    onExhausted: z.enum(['deterministic', 'abstain']).default('deterministic'),
  })
  .strict();

export const LlmPriceSchema = z.object({ inputPerMTok: z.number().min(0), outputPerMTok: z.number().min(0) }).strict();

/** The model `opentrade up` serves itself when the provider is `local`. */
export const LocalModelSchema = z
  .object({
    /** A GGUF file; relative paths are read from the data directory. Absent: the model `opentrade setup --llm` installs. */
    model: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65_535).default(18792),
    /** Tokens one generation may hold, prompt and answer together. */
    contextSize: z.number().int().min(256).max(131_072).default(4096),
    /** Generations at once, each in its own sequence of the one context. */
    sequences: z.number().int().min(1).max(16).default(1),
    /** CPU threads; absent: half the cores, so the rest of the stack keeps its own. */
    threads: z.number().int().min(1).max(256).optional(),
  })
  .strict();

export const LLM_CACHE_MODES = ['readwrite', 'readonly', 'off'] as const;
export type LlmCacheMode = (typeof LLM_CACHE_MODES)[number];

export const LlmConfigSchema = z
  .object({
    provider: z.enum(LLM_PROVIDERS).default('ollama'),
    /** Absent: the provider's preset. */
    baseUrl: z.url().optional(),
    /** Absent: what the provider's preset supports. */
    structuredOutput: z.enum(['json_schema', 'json_object']).optional(),
    /** Absent: the provider's preset (none for local servers). */
    apiKeyEnv: envVarName.optional(),
    models: z
      .object({ quick: z.string().min(1).default('qwen2.5:7b'), deep: z.string().min(1).default('qwen2.5:7b') })
      .strict()
      .default({ quick: 'qwen2.5:7b', deep: 'qwen2.5:7b' }),
    /** One role's model over its tier's (analysts and the debate's bull and bear: quick; coordinator and risk: deep). */
    roleModels: z.partialRecord(z.enum(LLM_ROLES), z.string().min(1)).default({}),
    agents: AgentModesSchema.default(AgentModesSchema.parse({})),
    /** Bull/bear rounds before an LLM coordinator decides; 0: no debate. */
    debateRounds: z.number().int().min(0).max(5).default(0),
    temperature: z.number().min(0).max(2).default(0),
    maxTokens: z.number().int().min(64).max(32_768).default(1024),
    /** Per attempt; reasoning models need minutes. */
    timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
    /** Attempts per call for 429, 5xx, timeouts and dropped connections; 4xx is never retried. */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** USD per million tokens, by model, over the built-in table (local providers cost 0). */
    pricing: z.record(z.string().min(1), LlmPriceSchema).default({}),
    budget: LlmBudgetSchema.default(LlmBudgetSchema.parse({})),
    cache: z.enum(LLM_CACHE_MODES).default('readwrite'),
    /** Model calls in flight at once in a backtest. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** A price the model mentions farther than this from the snapshot's price makes it abstain. */
    priceBandPct: z.number().gt(0).max(100).default(25),
    local: LocalModelSchema.default(LocalModelSchema.parse({})),
  })
  .strict();

export type LlmConfig = z.infer<typeof LlmConfigSchema>;
export type LlmBudget = z.infer<typeof LlmBudgetSchema>;
export type LocalModelConfig = z.infer<typeof LocalModelSchema>;
