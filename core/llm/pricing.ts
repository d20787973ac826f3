// What a call costs: USD per million prompt and completion tokens, from the config's table over these
// defaults for well-known hosted models. A local endpoint costs nothing; a hosted model priced
// nowhere costs 0 here, so a session or backtest with a money budget refuses to start on one
// (unpricedModels) rather than let the budget silently ignore it.
import type { LlmUsage } from './llm-call';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

export const DEFAULT_MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  o3: { inputPerMTok: 2, outputPerMTok: 8 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3.5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'deepseek-chat': { inputPerMTok: 0.27, outputPerMTok: 1.1 },
  'deepseek-reasoner': { inputPerMTok: 0.55, outputPerMTok: 2.19 },
  'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5 },
  'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10 },
};

export interface PriceLookup {
  local: boolean;
  table: Record<string, ModelPrice>;
}

/** The model's price, null when unpriced. OpenRouter-style `vendor/model` names match the bare name. */
export function priceOf(model: string, p: PriceLookup): ModelPrice | null {
  if (p.local) return { inputPerMTok: 0, outputPerMTok: 0 };
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return p.table[model] ?? p.table[bare] ?? DEFAULT_MODEL_PRICES[model] ?? DEFAULT_MODEL_PRICES[bare] ?? null;
}

export function costUsd(usage: LlmUsage, price: ModelPrice | null): number {
  if (!price) return 0;
  const usd = (usage.promptTokens * price.inputPerMTok + usage.completionTokens * price.outputPerMTok) / 1e6;
  return Math.round(usd * 1e8) / 1e8;
}

/** The hosted models of `models` that no table prices. */
export function unpricedModels(models: readonly string[], p: PriceLookup): string[] {
  return [...new Set(models)].filter((m) => priceOf(m, p) === null);
}
