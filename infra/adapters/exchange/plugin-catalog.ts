// What each exchange plugin can do, read offline: every ccxt class is instantiated without any
// network call and its `has` map summarised; `sim` and `paper` describe themselves.
import ccxt from 'ccxt';
import { unknownExchangeError } from './ccxt-exchange';

export interface PluginSummary {
  id: string;
  name: string;
  kind: 'ccxt' | 'sim' | 'paper';
  spot: boolean;
  swap: boolean;
  fetchOHLCV: boolean;
  createOrder: boolean;
  stopOrders: boolean;
  sandbox: boolean;
}

export interface PluginInfo extends PluginSummary {
  timeframes: string[];
  credentials: string[];
  has: Record<string, boolean>;
  urls?: { www?: string; api?: unknown; doc?: unknown };
  rateLimitMs?: number;
  notes?: string;
}

const SIM_TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d'];

const SIM: PluginInfo = {
  id: 'sim',
  name: 'Sim market (offline)',
  kind: 'sim',
  spot: true,
  swap: true,
  fetchOHLCV: true,
  createOrder: false,
  stopOrders: false,
  sandbox: false,
  timeframes: SIM_TIMEFRAMES,
  credentials: [],
  has: {
    fetchOHLCV: true,
    fetchOrderBook: true,
    fetchTicker: true,
    fetchFundingRate: true,
    fetchOpenInterest: true,
    createOrder: false,
  },
  notes:
    'a seeded generated market with history from 2024-01-01 (daily regimes: trends, ranges, volatile stretches, crashes; funding and open interest on the perpetuals), or a replayed candle file, as a live feed on its own clock; markets BTC/ETH/SOL against USDT, spot and perpetual; trade on it through "paper"',
};

const PAPER: PluginInfo = {
  id: 'paper',
  name: 'Paper exchange',
  kind: 'paper',
  spot: true,
  swap: true,
  fetchOHLCV: true,
  createOrder: true,
  stopOrders: true,
  sandbox: false,
  timeframes: [],
  credentials: [],
  has: {
    createOrder: true,
    cancelOrder: true,
    fetchOrder: true,
    fetchOpenOrders: true,
    fetchBalance: true,
    fetchPositions: true,
    setLeverage: true,
    stopLossOrders: true,
    takeProfitOrders: true,
    trailingStopOrders: true,
    reduceOnly: true,
    clientOrderId: true,
  },
  notes:
    "fills orders against another plugin's prices (sim or any ccxt exchange) with fees, slippage, partial fills, margin, funding, SL/TP and trailing stops; the account lives in PostgreSQL",
};

type CcxtInstance = {
  name?: string;
  has: Record<string, unknown>;
  timeframes?: Record<string, unknown>;
  requiredCredentials?: Record<string, boolean>;
  urls?: Record<string, unknown>;
  rateLimit?: number;
};

function instantiate(id: string): CcxtInstance {
  const Cls = (ccxt as unknown as Record<string, new () => CcxtInstance>)[id];
  return new Cls();
}

function summarise(id: string, ex: CcxtInstance): PluginSummary {
  const has = (k: string) => ex.has[k] === true || ex.has[k] === 'emulated';
  return {
    id,
    name: ex.name ?? id,
    kind: 'ccxt',
    spot: has('spot'),
    swap: has('swap'),
    fetchOHLCV: has('fetchOHLCV'),
    createOrder: has('createOrder'),
    stopOrders:
      has('createStopOrder') || has('createStopLossOrder') || has('createStopMarketOrder') || has('createTriggerOrder'),
    sandbox: has('sandbox') || ex.urls?.test !== undefined,
  };
}

function strip(info: PluginInfo): PluginSummary {
  const { id, name, kind, spot, swap, fetchOHLCV, createOrder, stopOrders, sandbox } = info;
  return { id, name, kind, spot, swap, fetchOHLCV, createOrder, stopOrders, sandbox };
}

export function listPlugins(): PluginSummary[] {
  const out: PluginSummary[] = [strip(SIM), strip(PAPER)];
  for (const id of ccxt.exchanges) {
    try {
      out.push(summarise(id, instantiate(id)));
    } catch {
      // A class that cannot even be constructed offline is not usable here; leave it out.
    }
  }
  return out;
}

export function pluginInfo(id: string): PluginInfo {
  if (id === 'sim') return SIM;
  if (id === 'paper') return PAPER;
  if (!ccxt.exchanges.includes(id)) throw unknownExchangeError(id);
  const ex = instantiate(id);
  const has = Object.fromEntries(
    Object.entries(ex.has)
      .filter(([, v]) => v === true || v === 'emulated')
      .map(([k]) => [k, true]),
  );
  const urls = ex.urls as { www?: string; api?: unknown; doc?: unknown } | undefined;
  return {
    ...summarise(id, ex),
    timeframes: Object.keys(ex.timeframes ?? {}),
    credentials: Object.entries(ex.requiredCredentials ?? {})
      .filter(([, v]) => v)
      .map(([k]) => k),
    has,
    urls: { www: urls?.www, doc: urls?.doc },
    rateLimitMs: ex.rateLimit,
  };
}

/** Every id `--exchange` accepts. */
export function isKnownExchangeId(id: string): boolean {
  return id === 'sim' || id === 'paper' || ccxt.exchanges.includes(id);
}
