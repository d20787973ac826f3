// `backtest --agents … --every N --llm-cache … --debate-rounds N`: which agents of a pipeline backtest
// think with a model. Backtests ask a model only when told to (--agents): a year of candles is many
// thousands of questions, so the config's session modes never switch it on.
import { existsSync } from 'node:fs';
import type { OpenTradeConfig } from '../../core/config/schema';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { BacktestLlmSettings } from '../../core/llm/cycle-llm-settings';
import { sessionLlmSettings } from '../../core/llm/session-llm';
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
  if (o.agents === undefined) {
    for (const [flag, v] of [
      ['--every', o.every],
      ['--llm-cache', o.llmCache],
      ['--debate-rounds', o.debateRounds],
    ])
      if (v !== undefined) throw new ValidationError(`${flag} needs --agents`, { field: 'agents' });
    return undefined;
  }
  if (decide === 'strategy-only')
    throw new ValidationError('--agents needs the agent pipeline: --decide strategy or ensemble', { field: 'agents' });
  const every = o.every === undefined ? 1 : Number(o.every);
  if (!Number.isInteger(every) || every < 1)
    throw new ValidationError(`--every must be a positive integer (ask the model every N candles), got "${o.every}"`, {
      field: 'every',
    });
  if (!existsSync(configPath()))
    throw new NotFoundError(`no config file at ${configPath()}: the model endpoint is configured there`, {
      hint: 'run `opentrade init` first',
    });
  const config = loadConfig();
  const settings = sessionLlmSettings(config.llm, {
    agents: o.agents,
    ...(o.llmCache !== undefined ? { cache: o.llmCache } : {}),
    ...(o.debateRounds !== undefined ? { debateRounds: o.debateRounds } : {}),
  });
  return settings ? { settings: { ...settings, every }, config } : undefined;
}
