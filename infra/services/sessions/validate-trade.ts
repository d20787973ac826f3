// Everything a trading session start checks before a workflow starts (CLI `opentrade trade` and the
// gateway's POST /sessions): strategy, params, exchange, symbols, timeframe, mode and credentials,
// the decision mode, protections and trailing stop.
// Each failure is one domain error naming the request field that was wrong.
import type { OpenTradeConfig } from '../../../core/config/schema';
import { ExchangeError, type ExchangePlugin } from '../../../core/exchange/types';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { readCredentials } from '../../adapters/exchange/credentials';
import { ConfirmationRequiredError, RefusedError, UnavailableError, ValidationError } from '../../../core/errors';
import { trailingStopFlag } from '../../../core/exits/trailing-stop';
import { DECISION_MODES, DEFAULT_DECISION_MODE, isDecisionMode } from '../../../core/pipeline/decision-mode';
import { requireEndpointKey } from '../../../core/llm/resolve-endpoint';
import { sessionLlmSettings } from '../../../core/llm/session-llm';
import { protectionsFromFlags } from './protections-from-flags';
import type { TradingMode, TradingSessionInput } from '../../../workflows/trading-contract';

export interface TradeFlags {
  mode: string;
  exchange: string;
  symbol: string[];
  timeframe: string;
  strategy: string;
  params?: string;
  speed?: string;
  cycles?: string;
  confirmLive?: boolean;
  /** `strategy` (default) or `ensemble`. */
  decide?: string;
  /** `--protect` specs, one per protection kind (CLI). */
  protect?: string[];
  /** A protections object (gateway body); not combined with `protect`. */
  protections?: unknown;
  /** Percent. */
  trailingStop?: string;
  /** `--agents`: one mode for every agent or `role=mode,…` (CLI), or a role → mode object (gateway). */
  agents?: string | Record<string, string>;
  llmCache?: string;
  debateRounds?: string | number;
}

export interface ValidatedTrade {
  input: Omit<TradingSessionInput, 'sessionId'>;
  speed?: number;
}

const positiveInt = (flag: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ValidationError(`${flag} must be a positive integer, got "${raw}"`, { field: 'maxCycles' });
  return n;
};

/** The configured exchanges' names, each once; `sim` is always usable, so it is offered when no entry names it. */
function configuredExchanges(config: OpenTradeConfig): string {
  const names = [...new Set(config.exchanges.map((x) => x.name ?? x.id))];
  if (names.includes('sim') || config.exchanges.some((x) => x.id === 'sim'))
    return `configured exchanges: ${names.join(', ')}`;
  return `configured exchanges: ${names.join(', ') || '(none)'}; or sim`;
}

/** `venue(exchange)` gives the exchange's market data plugin (only called once the exchange is known). */
export async function validateTrade(
  flags: TradeFlags,
  config: OpenTradeConfig,
  env: NodeJS.ProcessEnv,
  venue: (exchange: string) => Promise<ExchangePlugin>,
): Promise<ValidatedTrade> {
  if (flags.mode !== 'paper' && flags.mode !== 'live')
    throw new ValidationError(`--mode must be paper or live, got "${flags.mode}"`, { field: 'mode' });
  const mode = flags.mode as TradingMode;

  let strategy;
  try {
    strategy = resolveStrategy(flags.strategy);
  } catch (e) {
    throw new RefusedError((e as Error).message.split('\n')[0], { field: 'strategy', cause: e });
  }
  let given: unknown = {};
  if (flags.params !== undefined) {
    try {
      given = JSON.parse(flags.params);
    } catch (e) {
      throw new ValidationError(`--params is not valid JSON: ${(e as Error).message}`, {
        field: 'params',
        hint: 'example: --params \'{"fast":9,"slow":21}\'',
      });
    }
  }
  const params = resolveParams(strategy, given) as Record<string, unknown>;

  const exchangeName = flags.exchange;
  const configured =
    config.exchanges.find((x) => (x.name ?? x.id) === exchangeName) ??
    config.exchanges.find((x) => x.id === exchangeName);
  if (!configured && exchangeName !== 'sim') {
    throw new RefusedError(`exchange "${exchangeName}" is not configured`, {
      field: 'exchange',
      hint: `${configuredExchanges(config)}; add one with \`opentrade config\``,
    });
  }
  if (mode === 'live') {
    if (exchangeName === 'sim' || configured?.id === 'sim')
      throw new RefusedError('live mode on the sim market is refused: the sim has no real account', {
        field: 'mode',
        hint: 'use --mode paper with --exchange sim',
      });
    if (!flags.confirmLive)
      throw new ConfirmationRequiredError('live mode trades real money and needs --confirm-live', {
        field: 'confirmLive',
        hint: 'add --confirm-live, or use --mode paper',
      });
    const names = configured!.credentials;
    if (!names.apiKey || !names.secret) {
      throw new RefusedError(`exchange "${exchangeName}" has no credentials configured for live trading`, {
        field: 'exchange',
        hint: 'set credentials.apiKey and credentials.secret to environment variable names in the config',
      });
    }
    try {
      readCredentials(configured!, env);
    } catch (e) {
      throw new RefusedError((e as Error).message, {
        field: 'exchange',
        hint: "export the variables in the worker's and this shell's environment",
      });
    }
  }

  let speed: number | undefined;
  if (flags.speed !== undefined) {
    speed = Number(flags.speed);
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new ValidationError(`--speed must be a positive number, got "${flags.speed}"`, { field: 'speed' });
    if (exchangeName !== 'sim' && configured?.id !== 'sim')
      throw new ValidationError('--speed applies to the sim market only', { field: 'speed' });
  }
  const maxCycles = flags.cycles !== undefined ? positiveInt('--cycles', flags.cycles) : undefined;

  const decide = flags.decide ?? DEFAULT_DECISION_MODE;
  if (!isDecisionMode(decide))
    throw new ValidationError(`--decide must be ${DECISION_MODES.join(' or ')}, got "${decide}"`, {
      field: 'decide',
      hint: "strategy: the strategy's advice decides, the analysts may veto or shrink it; ensemble: the coordinator decides from every signal",
    });
  const protections = protectionsFromFlags(flags.protect ?? [], flags.protections);
  const trailingStopPct = flags.trailingStop !== undefined ? trailingStopFlag(flags.trailingStop) : undefined;
  const llm = sessionLlmSettings(config.llm, {
    agents: flags.agents,
    cache: flags.llmCache,
    debateRounds: flags.debateRounds,
  });
  if (llm)
    requireEndpointKey(config.llm, env, {
      where: 'the worker and this shell',
      otherwise: 'run the agents on their rules (--agents deterministic)',
    });

  if (flags.symbol.length === 0)
    throw new ValidationError('give at least one --symbol, e.g. --symbol BTC/USDT', { field: 'symbols' });
  if (new Set(flags.symbol).size !== flags.symbol.length)
    throw new ValidationError(`--symbol given twice: ${flags.symbol.join(', ')}`, { field: 'symbols' });
  const plugin = await venue(exchangeName);
  const markets = await plugin.loadMarkets().catch((e: unknown) => {
    // Offline or a venue outage: say what could not be reached and the offline way on, not a socket code.
    if (e instanceof ExchangeError && e.kind === 'network')
      throw new UnavailableError(exchangeName, `cannot reach ${exchangeName} to load its markets (${e.message})`, {
        hint: `check the network and ${exchangeName}'s status; offline, paper-trade the sim market with --exchange sim`,
        cause: e,
      });
    throw e;
  });
  for (const s of flags.symbol) {
    if (!markets[s]) {
      const some = Object.keys(markets)
        .filter((m) => markets[m].active)
        .slice(0, 8);
      throw new RefusedError(`symbol "${s}" is not listed on ${exchangeName}`, {
        field: 'symbols',
        hint: `some listed symbols: ${some.join(', ')}`,
      });
    }
  }
  const timeframes = plugin.timeframes();
  if (!timeframes.includes(flags.timeframe))
    throw new RefusedError(`timeframe "${flags.timeframe}" is not supported by ${exchangeName}`, {
      field: 'timeframe',
      hint: `supported: ${timeframes.join(', ')}`,
    });

  return {
    speed,
    input: {
      mode,
      exchange: exchangeName,
      symbols: flags.symbol,
      timeframe: flags.timeframe,
      strategy: { name: strategy.id, params },
      riskLimits: config.risk,
      decide,
      ...(protections ? { protections } : {}),
      ...(trailingStopPct !== undefined ? { trailingStopPct } : {}),
      ...(llm ? { llm } : {}),
      maxCycles,
    },
  };
}
