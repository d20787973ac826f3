// `backtest --agents … --every N --llm-cache … --debate-rounds N`: the run's model setup from the
// config file's \`llm\` section (core/llm/session-llm backtestLlmSettings checks the flags).
import { existsSync } from 'node:fs';
import { LlmConfigSchema, type OpenTradeConfig } from '../../core/config/schema';
import { NotFoundError } from '../../core/errors';
import type { BacktestLlmSettings } from '../../core/llm/cycle-llm-settings';
import { requireEndpointKey } from '../../core/llm/resolve-endpoint';
import { backtestLlmSettings } from '../../core/llm/session-llm';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';

export interface BacktestLlmFlags {
  agents?: string;
  every?: string;
  llmCache?: string;
  debateRounds?: string;
}

export function backtestLlmOf(
  o: BacktestLlmFlags,
  decide: string,
): { settings: BacktestLlmSettings; config: OpenTradeConfig } | undefined {
  const overrides = { agents: o.agents, every: o.every, cache: o.llmCache, debateRounds: o.debateRounds };
  // Flags checked before the config is read: a malformed flag is named even without one.
  backtestLlmSettings(LlmConfigSchema.parse({}), overrides, decide);
  if (o.agents === undefined) return undefined;
  if (!existsSync(configPath()))
    throw new NotFoundError(`no config file at ${configPath()}: the model endpoint is configured there`, {
      hint: 'run `opentrade init` first',
    });
  const config = loadConfig();
  const settings = backtestLlmSettings(config.llm, overrides, decide);
  if (!settings) return undefined;
  // A local run asks from this shell, a durable one from the worker: either way a missing key is
  // refused before a candle is read, not met as an abstention on every asking candle.
  requireEndpointKey(config.llm, process.env, {
    where: 'this shell (and the worker, for a durable run)',
    otherwise: 'leave --agents out to run the agents on their rules',
  });
  return { settings, config };
}
