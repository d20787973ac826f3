// SimExchange (id `sim`): an offline market replaying a candle file or a seeded generated series as
// a live feed. Its clock is derived from a stored anchor (wall start, sim start, speed), so every
// process sees the same simulated time; fetchOHLCV returns only candles closed on that clock. The
// generated series (core/sim SimHistory) starts at SIM_EPOCH, or at an explicit clock.simStart, and
// every call generates only the day blocks of the window it answers.
import { firstIndexAtOrAfter } from '../../../core/candles/time-index';
import { candleAt, inferTimeframeMs, type CandleSeries } from '../../../core/candles';
import { amountToPrecision, priceToPrecision } from '../../../core/exchange/precision';
import { timeframeToMs } from '../../../core/exchange/timeframe';
import {
  ExchangeError,
  type Balances,
  type ExchangeCapabilities,
  type ExchangePlugin,
  type FundingRate,
  type MarketInfo,
  type MarketType,
  type OHLCVRow,
  type OpenInterest,
  type Order,
  type OrderBook,
  type Position,
  type Ticker,
} from '../../../core/exchange/types';
import {
  aggregateCandles,
  assertClockConfig,
  partialCandle,
  SIM_EPOCH,
  SimHistory,
  simTimeAt,
  syntheticFundingRate,
  venueBook,
  venueQuote,
  type SimClockConfig,
} from '../../../core/sim';
import { SIM_ASSETS, simMarkets, type SimAsset } from './sim-markets';
import type { SteppedSimClock } from './stepped-sim-clock';

const ID = 'sim';
const ALL_TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d'];
const FUNDING_MS = 8 * 3_600_000;
const MAX_LIMIT = 1000;

export interface SimReplay {
  /** The file's market, e.g. BTC/USDT (its perp BTC/USDT:USDT replays the same candles). */
  symbol: string;
  series: CandleSeries;
}

export interface SimExchangeOptions {
  /**
   * The clock's anchor. A generated market's series starts at `simStart` when given (the first
   * candle's open), otherwise at SIM_EPOCH with the clock reading wall time at `wallStart`.
   */
  clock: Pick<SimClockConfig, 'wallStart' | 'speed'> & { simStart?: number };
  seed?: number;
  /** Base candle spacing of a generated series (default 1m). A replay uses the file's spacing. */
  timeframe?: string;
  replay?: SimReplay;
  marketType?: MarketType;
  /** Wall clock; injectable so tests can step time. */
  now?: () => number;
  /** A replay's clock that moves only when a session asks (see SteppedSimClock); replaces the wall clock. */
  stepped?: SteppedSimClock;
}

const NOT_TRADING = 'the sim market is a price source only: trade against it through the paper exchange (id "paper")';

/** Generated day blocks kept per asset: a 1000-candle 1h page spans 42 days. */
const CACHE_DAYS = 48;

export class SimExchange implements ExchangePlugin {
  readonly id = ID;
  readonly marketType: MarketType;
  readonly has: ExchangeCapabilities = {
    fetchOHLCV: true,
    fetchOrderBook: true,
    fetchTicker: true,
    fetchFundingRate: true,
    fetchOpenInterest: true,
    fetchLongShortRatio: false,
    fetchBalance: false,
    fetchPositions: false,
    createOrder: false,
    cancelOrder: false,
    fetchOrder: false,
    fetchOpenOrders: false,
    setLeverage: false,
    setMarginMode: false,
    stopLossOrders: false,
    takeProfitOrders: false,
    trailingStopOrders: false,
    reduceOnly: false,
    clientOrderId: false,
    sandbox: false,
  };

  private readonly markets: Record<string, MarketInfo>;
  private readonly baseMs: number;
  private readonly clock: SimClockConfig;
  /** The generated market's history per asset (created on first use). */
  private readonly histories = new Map<string, SimHistory>();
  /** The generated series' first candle open. */
  private readonly seriesStart: number = SIM_EPOCH;
  private readonly assets: Map<string, SimAsset>;
  private readonly now: () => number;
  private readonly seed: number;

  constructor(private readonly opts: SimExchangeOptions) {
    this.now = opts.now ?? Date.now;
    this.seed = opts.seed ?? 1;
    this.marketType = opts.marketType ?? 'spot';
    if (opts.replay) {
      const { series, symbol } = opts.replay;
      if (series.length < 2)
        throw new RangeError(`sim replay of ${symbol} needs at least 2 candles, got ${series.length}`);
      const [base, quote] = symbol.split(':')[0].split('/');
      if (!base || !quote) throw new RangeError(`sim replay symbol must look like BTC/USDT, got "${symbol}"`);
      this.baseMs = inferTimeframeMs(series);
      const first = series.close[0];
      this.assets = new Map([
        [
          base,
          {
            base,
            startPrice: first,
            baseVolume: 1,
            spot: { amount: 1e-5, price: 1e-2 },
            swap: { amount: 1e-3, price: 1e-2 },
          },
        ],
      ]);
      this.markets = simMarkets([...this.assets.values()], quote);
      this.has.fetchOpenInterest = false;
      this.clock = {
        wallStart: opts.clock.wallStart,
        speed: opts.clock.speed,
        simStart: series.time[0],
        simEnd: series.time[series.length - 1] + this.baseMs,
      };
    } else {
      this.baseMs = timeframeToMs(opts.timeframe ?? '1m');
      this.assets = new Map(SIM_ASSETS.map((a) => [a.base, a]));
      this.markets = simMarkets(SIM_ASSETS);
      // Without an explicit start the series begins at the epoch and the clock reads wall time at wallStart.
      const simStart = opts.clock.simStart ?? Math.floor(opts.clock.wallStart / this.baseMs) * this.baseMs;
      this.seriesStart = opts.clock.simStart ?? SIM_EPOCH;
      this.clock = { wallStart: opts.clock.wallStart, speed: opts.clock.speed, simStart };
    }
    assertClockConfig(this.clock);
    const stepped = opts.stepped;
    if (stepped) {
      const end = this.clock.simEnd ?? Infinity;
      this.advanceClock = async (timeframeMs, afterCloseMs) => {
        const from = afterCloseMs ?? Math.floor(stepped.now() / timeframeMs) * timeframeMs;
        return Math.min(stepped.advanceTo(Math.min(from + timeframeMs, end)), end);
      };
    }
  }

  async loadMarkets(): Promise<Record<string, MarketInfo>> {
    return { ...this.markets };
  }

  async market(symbol: string): Promise<MarketInfo> {
    return this.marketOf(symbol);
  }

  private marketOf(symbol: string): MarketInfo {
    const m = this.markets[symbol];
    if (!m)
      throw new ExchangeError(
        'bad_symbol',
        ID,
        `unknown symbol "${symbol}" on sim; valid symbols: ${Object.keys(this.markets).join(', ')}`,
      );
    return m;
  }

  async fetchTime(): Promise<number> {
    return this.simNow();
  }

  private simNow(): number {
    const stepped = this.opts.stepped;
    if (!stepped) return simTimeAt(this.clock, this.now());
    const t = stepped.now();
    return this.clock.simEnd === undefined ? t : Math.min(t, this.clock.simEnd);
  }

  readonly advanceClock?: (timeframeMs: number, afterCloseMs?: number) => Promise<number>;

  timeframes(): string[] {
    return ALL_TIMEFRAMES.filter((tf) => timeframeToMs(tf) % this.baseMs === 0);
  }

  private history(symbol: string): SimHistory {
    const asset = this.marketOf(symbol).base;
    let h = this.histories.get(asset);
    if (!h) {
      const a = this.assets.get(asset)!;
      h = new SimHistory({
        seed: this.seed,
        asset,
        start: this.seriesStart,
        baseMs: this.baseMs,
        startPrice: a.startPrice,
        baseVolume: a.baseVolume,
        volatility: a.volatility,
        cacheDays: CACHE_DAYS,
      });
      this.histories.set(asset, h);
    }
    return h;
  }

  /** Base candles [from, to) of `symbol`'s asset: a slice of the replay, or generated for that window only. */
  private window(symbol: string, from: number, to: number): CandleSeries {
    const replay = this.opts.replay?.series;
    if (replay === undefined) return this.history(symbol).candles(from, to);
    this.marketOf(symbol);
    return sliceSeries(replay, Math.max(0, from), Math.min(replay.length, to));
  }

  private closedCount(t: number): number {
    const replay = this.opts.replay?.series;
    // A replayed file may have gaps, so its candles are found by time, not by position.
    return replay === undefined
      ? Math.max(0, Math.floor((t - this.seriesStart) / this.baseMs))
      : firstIndexAtOrAfter(replay.time, t - this.baseMs + 1, replay.length);
  }

  private indexAtOrAfter(time: number): number {
    const replay = this.opts.replay?.series;
    if (replay !== undefined) return firstIndexAtOrAfter(replay.time, time, replay.length);
    return Math.max(0, Math.ceil((time - this.seriesStart) / this.baseMs));
  }

  async fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<OHLCVRow[]> {
    this.marketOf(symbol);
    if (!this.timeframes().includes(timeframe)) {
      throw new ExchangeError(
        'not_supported',
        ID,
        `unsupported timeframe "${timeframe}" on sim; valid timeframes: ${this.timeframes().join(', ')}`,
      );
    }
    const want = Math.min(Math.max(1, limit ?? 500), MAX_LIMIT);
    const tfMs = timeframeToMs(timeframe);
    const factor = tfMs / this.baseMs;
    const n = this.closedCount(this.simNow());
    let from: number;
    if (since === undefined) from = Math.max(0, n - (want + 1) * factor);
    else from = Math.min(n, this.indexAtOrAfter(Math.floor(since / tfMs) * tfMs));
    const to = Math.min(n, from + (want + 1) * factor);
    let rows: OHLCVRow[];
    if (this.opts.replay === undefined) rows = this.history(symbol).aggregate(from, to, tfMs);
    else {
      const window = aggregateCandles(this.window(symbol, from, to), this.baseMs, tfMs);
      rows = [];
      for (let i = 0; i < window.length; i++)
        rows.push([window.time[i], window.open[i], window.high[i], window.low[i], window.close[i], window.volume[i]]);
    }
    if (since !== undefined) rows = rows.filter((r) => r[0] >= since);
    return since === undefined ? rows.slice(-want) : rows.slice(0, want);
  }

  /** The candle forming at the sim clock, seen only up to now; after a replay ends, the last candle. */
  private current(symbol: string): {
    last: number;
    high24: number;
    low24: number;
    volume24: number;
    volumeNow: number;
    t: number;
  } {
    const t = this.simNow();
    const n = this.closedCount(t);
    const replayEnded = this.opts.replay !== undefined && n >= this.opts.replay.series.length;
    const end = replayEnded ? n : n + 1;
    // The last day of candles and the forming one: the 24h stats never need more.
    const series = this.window(symbol, Math.max(0, end - 1 - Math.round(86_400_000 / this.baseMs)), end);
    const lastIndex = series.length - 1;
    const forming = replayEnded
      ? candleAt(series, lastIndex)
      : partialCandle(candleAt(series, lastIndex), (t - series.time[lastIndex]) / this.baseMs);
    let high = forming.high;
    let low = forming.low;
    let volume = forming.volume;
    for (let i = 0; i < lastIndex; i++) {
      high = Math.max(high, series.high[i]);
      low = Math.min(low, series.low[i]);
      volume += series.volume[i];
    }
    // Book depth follows the last closed candle's volume: the forming candle's total is not known yet.
    const volumeNow = replayEnded || lastIndex === 0 ? series.volume[lastIndex] : series.volume[lastIndex - 1];
    return { last: forming.close, high24: high, low24: low, volume24: volume, volumeNow, t };
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    const m = this.marketOf(symbol);
    const c = this.current(symbol);
    return {
      symbol,
      timestamp: c.t,
      ...venueQuote(m, c.last),
      high: c.high24,
      low: c.low24,
      baseVolume: c.volume24,
      quoteVolume: c.volume24 * c.last,
    };
  }

  async fetchOrderBook(symbol: string, limit = 20): Promise<OrderBook> {
    const m = this.marketOf(symbol);
    const c = this.current(symbol);
    const book = venueBook(m, c.last, c.volumeNow, limit);
    return { symbol, timestamp: c.t, ...book };
  }

  async fetchFundingRate(symbol: string): Promise<FundingRate> {
    const m = this.marketOf(symbol);
    if (m.type !== 'swap')
      throw new ExchangeError(
        'not_supported',
        ID,
        `${symbol} is a spot market: funding rates exist for swap markets only`,
      );
    const t = this.simNow();
    const n = this.closedCount(t);
    const rate = syntheticFundingRate(this.window(symbol, n - Math.round(FUNDING_MS / this.baseMs), n).close);
    const c = this.current(symbol);
    return {
      symbol,
      timestamp: t,
      fundingRate: rate,
      nextFundingTime: Math.floor(t / FUNDING_MS) * FUNDING_MS + FUNDING_MS,
      markPrice: c.last,
      indexPrice: c.last,
    };
  }

  /** Open interest of a generated swap market at the sim clock (a replayed file has none). */
  async fetchOpenInterest(symbol: string): Promise<OpenInterest> {
    const m = this.marketOf(symbol);
    if (m.type !== 'swap')
      throw new ExchangeError(
        'not_supported',
        ID,
        `${symbol} is a spot market: open interest exists for swap markets only`,
      );
    if (this.opts.replay !== undefined)
      throw new ExchangeError('not_supported', ID, 'a replayed candle file has no open interest');
    const c = this.current(symbol);
    const amount = this.history(symbol).openInterestAt(c.t, c.last);
    const precision = m.precision.amount;
    const openInterestAmount = Number((Math.round(amount / precision) * precision).toFixed(8));
    return { symbol, timestamp: c.t, openInterestAmount, openInterestValue: openInterestAmount * c.last };
  }

  async fetchBalance(): Promise<Balances> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async fetchPositions(): Promise<Position[]> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async createOrder(): Promise<Order> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async createProtectionOrder(): Promise<Order> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async cancelOrder(): Promise<Order> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async fetchOrder(): Promise<Order> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async fetchOrderByClientId(): Promise<Order | undefined> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async fetchOpenOrders(): Promise<Order[]> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }
  async setLeverage(): Promise<void> {
    throw new ExchangeError('not_supported', ID, NOT_TRADING);
  }

  async amountToPrecision(symbol: string, amount: number): Promise<number> {
    return amountToPrecision(this.marketOf(symbol), amount);
  }
  async priceToPrecision(symbol: string, price: number): Promise<number> {
    return priceToPrecision(this.marketOf(symbol), price);
  }

  async close(): Promise<void> {}
}

function sliceSeries(s: CandleSeries, from: number, to: number): CandleSeries {
  return {
    length: Math.max(0, to - from),
    time: s.time.subarray(from, to),
    open: s.open.subarray(from, to),
    high: s.high.subarray(from, to),
    low: s.low.subarray(from, to),
    close: s.close.subarray(from, to),
    volume: s.volume.subarray(from, to),
  };
}
