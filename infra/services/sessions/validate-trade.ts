// Everything a trading session start checks before a workflow starts (CLI `opentrade trade` and the
// gateway's POST /sessions): strategy, params, exchange, symbols, timeframe, mode and credentials.
// Each failure is one UserError naming what was wrong.
import type { OpenTradeConfig } from '../../../core/config/schema';
import type { ExchangePlugin } from '../../../core/exchange/types';
import { resolveParams } from '../../../core/strategies/resolve-params';
import { resolveStrategy } from '../../../core/strategies/resolve-strategy';
import { readCredentials } from '../../adapters/exchange/credentials';
import { UserError } from '../../errors';
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
}

export interface ValidatedTrade {
  input: Omit<TradingSessionInput, 'sessionId'>;
  speed?: number;
}

const positiveInt = (flag: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive integer, got "${raw}"`);
  return n;
};

/** `venue(exchange)` gives the exchange's market data plugin (only called once the exchange is known). */
export async function validateTrade(flags: TradeFlags, config: OpenTradeConfig, env: NodeJS.ProcessEnv, venue: (exchange: string) => Promise<ExchangePlugin>): Promise<ValidatedTrade> {
  if (flags.mode !== 'paper' && flags.mode !== 'live') throw new UserError(`--mode must be paper or live, got "${flags.mode}"`);
  const mode = flags.mode as TradingMode;

  let strategy;
  try {
    strategy = resolveStrategy(flags.strategy);
  } catch (e) {
    throw new UserError(`--strategy: ${(e as Error).message.split('\n')[0]}`);
  }
  let given: unknown = {};
  if (flags.params !== undefined) {
    try {
      given = JSON.parse(flags.params);
    } catch (e) {
      throw new UserError(`--params is not valid JSON: ${(e as Error).message}`, 'example: --params \'{"fast":9,"slow":21}\'');
    }
  }
  let params: Record<string, unknown>;
  try {
    params = resolveParams(strategy, given) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`--params: ${(e as Error).message}`);
  }

  const exchangeName = flags.exchange;
  const configured = config.exchanges.find((x) => (x.name ?? x.id) === exchangeName) ?? config.exchanges.find((x) => x.id === exchangeName);
  if (!configured && exchangeName !== 'sim') {
    throw new UserError(`exchange "${exchangeName}" is not configured`, `configured exchanges: ${config.exchanges.map((x) => x.name ?? x.id).join(', ') || '(none)'}, or sim; add one with \`opentrade config\``);
  }
  if (mode === 'live') {
    if (exchangeName === 'sim' || configured?.id === 'sim') throw new UserError('live mode on the sim market is refused: the sim has no real account', 'use --mode paper with --exchange sim');
    if (!flags.confirmLive) throw new UserError('live mode trades real money and needs --confirm-live', 'add --confirm-live, or use --mode paper');
    const names = configured!.credentials;
    if (!names.apiKey || !names.secret) {
      throw new UserError(`exchange "${exchangeName}" has no credentials configured for live trading`, 'set credentials.apiKey and credentials.secret to environment variable names in the config');
    }
    try {
      readCredentials(configured!, env);
    } catch (e) {
      throw new UserError((e as Error).message, 'export the variables in the worker\'s and this shell\'s environment');
    }
  }

  let speed: number | undefined;
  if (flags.speed !== undefined) {
    speed = Number(flags.speed);
    if (!(speed > 0) || !Number.isFinite(speed)) throw new UserError(`--speed must be a positive number, got "${flags.speed}"`);
    if (exchangeName !== 'sim' && configured?.id !== 'sim') throw new UserError('--speed applies to the sim market only');
  }
  const maxCycles = flags.cycles !== undefined ? positiveInt('--cycles', flags.cycles) : undefined;

  if (flags.symbol.length === 0) throw new UserError('give at least one --symbol, e.g. --symbol BTC/USDT');
  if (new Set(flags.symbol).size !== flags.symbol.length) throw new UserError(`--symbol given twice: ${flags.symbol.join(', ')}`);
  const plugin = await venue(exchangeName);
  const markets = await plugin.loadMarkets();
  for (const s of flags.symbol) {
    if (!markets[s]) {
      const some = Object.keys(markets).filter((m) => markets[m].active).slice(0, 8);
      throw new UserError(`symbol "${s}" is not listed on ${exchangeName}`, `some listed symbols: ${some.join(', ')}`);
    }
  }
  const timeframes = plugin.timeframes();
  if (!timeframes.includes(flags.timeframe)) throw new UserError(`timeframe "${flags.timeframe}" is not supported by ${exchangeName}`, `supported: ${timeframes.join(', ')}`);

  return {
    speed,
    input: {
      mode,
      exchange: exchangeName,
      symbols: flags.symbol,
      timeframe: flags.timeframe,
      strategy: { name: strategy.id, params },
      riskLimits: config.risk,
      maxCycles,
    },
  };
}
