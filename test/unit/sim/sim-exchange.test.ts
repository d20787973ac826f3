import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCandlesCsv } from '../../../core/candles';
import { ExchangeError } from '../../../core/exchange/types';
import { DAY_MS, SIM_EPOCH, SimHistory, simTimeAt } from '../../../core/sim';
import { loadOrCreateSimClock } from '../../../infra/adapters/exchange/sim-clock-store';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';

const MIN = 60_000;
const WALL0 = 1_700_000_000_000;
const SIM0 = Date.UTC(2026, 0, 1);

function simAt(wall: { t: number }, extra: Partial<ConstructorParameters<typeof SimExchange>[0]> = {}): SimExchange {
  return new SimExchange({
    clock: { wallStart: WALL0, simStart: SIM0, speed: 60 },
    seed: 7,
    now: () => wall.t,
    ...extra,
  });
}

async function errorOf(p: Promise<unknown>): Promise<ExchangeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExchangeError) return e;
    throw e;
  }
  throw new Error('expected an ExchangeError');
}

describe('SimExchange', () => {
  it('its clock runs at speed × wall time: one 1m candle closes per wall second at speed 60', async () => {
    const wall = { t: WALL0 + 10_500 };
    const sim = simAt(wall);
    expect(await sim.fetchTime()).toBe(SIM0 + 10.5 * MIN);
    const rows = await sim.fetchOHLCV('BTC/USDT', '1m', SIM0);
    expect(rows).toHaveLength(10); // the 11th candle is still forming
    wall.t += 1000;
    expect(await sim.fetchOHLCV('BTC/USDT', '1m', SIM0)).toHaveLength(11);
  });

  it('never returns a candle that has not closed on the sim clock (no lookahead)', async () => {
    const wall = { t: WALL0 + 3_600_000 / 60 + 123 };
    const sim = simAt(wall);
    const now = await sim.fetchTime();
    for (const tf of ['1m', '5m', '15m', '1h']) {
      const rows = await sim.fetchOHLCV('ETH/USDT', tf);
      const tfMs = { '1m': 1, '5m': 5, '15m': 15, '1h': 60 }[tf]! * MIN;
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r[0] + tfMs).toBeLessThanOrEqual(now);
    }
  });

  it('two processes with the same stored clock see the same candles, prices and time', async () => {
    const wall = { t: WALL0 + 30_000 };
    const a = simAt(wall);
    const b = simAt(wall);
    expect(await a.fetchOHLCV('BTC/USDT', '1m', SIM0)).toEqual(await b.fetchOHLCV('BTC/USDT', '1m', SIM0));
    expect(await a.fetchTicker('BTC/USDT')).toEqual(await b.fetchTicker('BTC/USDT'));
  });

  it('higher timeframes aggregate the 1m candles', async () => {
    const sim = simAt({ t: WALL0 + 60_000 });
    const ones = await sim.fetchOHLCV('BTC/USDT', '1m', SIM0, 1000);
    const fives = await sim.fetchOHLCV('BTC/USDT', '5m', SIM0, 1000);
    expect(fives).toHaveLength(12);
    expect(fives[1][1]).toBe(ones[5][1]);
    expect(fives[1][4]).toBe(ones[9][4]);
    expect(fives[1][5]).toBeCloseTo(
      ones.slice(5, 10).reduce((s, r) => s + r[5], 0),
      8,
    );
  });

  it('pages through history with since and limit, ascending and without overlap', async () => {
    const sim = simAt({ t: WALL0 + 100_000 });
    const first = await sim.fetchOHLCV('BTC/USDT', '1m', SIM0, 40);
    const second = await sim.fetchOHLCV('BTC/USDT', '1m', first[39][0] + MIN, 40);
    expect(first).toHaveLength(40);
    expect(second[0][0]).toBe(first[39][0] + MIN);
    // Without since: the latest candles, 100 minutes having closed.
    expect((await sim.fetchOHLCV('BTC/USDT', '1m', undefined, 5)).map((r) => (r[0] - SIM0) / MIN)).toEqual([
      95, 96, 97, 98, 99,
    ]);
  });

  it('ticker and book come from the forming candle; the ticker sits at the last close at a candle boundary', async () => {
    const wall = { t: WALL0 + 5_000 };
    const sim = simAt(wall);
    const [last] = (await sim.fetchOHLCV('BTC/USDT', '1m', undefined, 1)).slice(-1);
    const ticker = await sim.fetchTicker('BTC/USDT');
    expect(ticker.last).toBeCloseTo(last[4], 1); // the next candle opens at the previous close
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const book = await sim.fetchOrderBook('BTC/USDT', 5);
    expect(book.bids).toHaveLength(5);
    expect(book.bids[0][0]).toBeLessThan(book.asks[0][0]);
  });

  it('funding exists for swaps only', async () => {
    const sim = simAt({ t: WALL0 + 600_000 });
    const f = await sim.fetchFundingRate('BTC/USDT:USDT');
    expect(Math.abs(f.fundingRate)).toBeLessThanOrEqual(0.0075);
    expect(f.nextFundingTime! % (8 * 3_600_000)).toBe(0);
    expect((await errorOf(sim.fetchFundingRate('BTC/USDT'))).kind).toBe('not_supported');
  });

  it('bad symbol and timeframe errors list the valid ones', async () => {
    const sim = simAt({ t: WALL0 });
    const e = await errorOf(sim.fetchOHLCV('DOGE/USDT', '1m'));
    expect(e.kind).toBe('bad_symbol');
    expect(e.message).toMatch(/valid symbols: BTC\/USDT, BTC\/USDT:USDT, ETH\/USDT/);
    expect((await errorOf(sim.fetchOHLCV('BTC/USDT', '7m'))).message).toMatch(
      /unsupported timeframe "7m".*valid timeframes: 1m, 3m, 5m/,
    );
    expect((await errorOf(sim.createOrder())).kind).toBe('not_supported');
  });

  it('replays a candle file as a live feed and stops at its end', async () => {
    const start = Date.UTC(2025, 5, 1);
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 30; i++)
      lines.push(`${start + i * MIN},${100 + i},${101 + i},${99 + i},${100.5 + i},${10 + i}`);
    const series = parseCandlesCsv(lines.join('\n'));
    const wall = { t: WALL0 + 5_000 };
    const sim = new SimExchange({
      clock: { wallStart: WALL0, speed: 60 },
      replay: { symbol: 'BTC/USDT', series },
      now: () => wall.t,
    });
    expect(await sim.fetchTime()).toBe(start + 5 * MIN);
    const rows = await sim.fetchOHLCV('BTC/USDT', '1m', start);
    expect(rows).toEqual([0, 1, 2, 3, 4].map((i) => [start + i * MIN, 100 + i, 101 + i, 99 + i, 100.5 + i, 10 + i]));
    wall.t += 3_600_000;
    expect(await sim.fetchTime()).toBe(start + 30 * MIN);
    expect(await sim.fetchOHLCV('BTC/USDT', '1m', start, 1000)).toHaveLength(30);
    expect((await sim.fetchTicker('BTC/USDT:USDT')).last).toBe(129.5);
    expect(Object.keys(await sim.loadMarkets())).toEqual(['BTC/USDT', 'BTC/USDT:USDT']);
  });
});

describe('SimExchange generated history', () => {
  const NOW = Date.UTC(2026, 11, 4, 12, 30, 15);
  const WALL = Math.floor(NOW / MIN) * MIN; // the clock is anchored on a whole minute
  /** The generated market as a process sees it today: the clock at NOW, the series from the epoch. */
  const today = (extra: Partial<ConstructorParameters<typeof SimExchange>[0]> = {}) =>
    new SimExchange({ clock: { wallStart: WALL, speed: 1 }, seed: 1, now: () => NOW, ...extra });

  it('starts its candles at the epoch, 2024-01-01, and reads wall time now', async () => {
    const sim = today();
    expect(await sim.fetchTime()).toBe(NOW);
    const first = await sim.fetchOHLCV('BTC/USDT', '1d', 0, 3);
    expect(first.map((r) => r[0])).toEqual([SIM_EPOCH, SIM_EPOCH + DAY_MS, SIM_EPOCH + 2 * DAY_MS]);
    const [latest] = await sim.fetchOHLCV('BTC/USDT', '1m', undefined, 1);
    expect(latest[0]).toBe(Math.floor(NOW / MIN) * MIN - MIN);
  });

  it('answers 1000 1h candles since 2026-01-01 from the days of that window only', async () => {
    // Which day blocks the exchange asks its history for: the window's, not every day since the epoch.
    const days = new Set<number>();
    const since = Date.UTC(2026, 0, 1);
    const original = SimHistory.prototype.dayBlock;
    SimHistory.prototype.dayBlock = function (this: SimHistory, d: number) {
      days.add(d);
      return original.call(this, d);
    };
    try {
      const rows = await today().fetchOHLCV('BTC/USDT', '1h', since, 1000);
      expect(rows).toHaveLength(1000);
      expect(rows[0][0]).toBe(since);
      expect(rows[999][0]).toBe(since + 999 * 3_600_000);
      for (let i = 1; i < rows.length; i++) expect(rows[i][0] - rows[i - 1][0]).toBe(3_600_000);
    } finally {
      SimHistory.prototype.dayBlock = original;
    }
    const firstDay = (since - SIM_EPOCH) / DAY_MS;
    expect(Math.min(...days)).toBe(firstDay);
    expect(Math.max(...days) - firstDay).toBeLessThanOrEqual(42);
  });

  it('the same candles in every instance and whatever was asked before', async () => {
    const since = Date.UTC(2025, 6, 1);
    const a = today();
    await a.fetchOHLCV('ETH/USDT', '1h', Date.UTC(2024, 2, 1), 1000);
    await a.fetchTicker('ETH/USDT');
    expect(await a.fetchOHLCV('ETH/USDT', '15m', since, 300)).toEqual(
      await today().fetchOHLCV('ETH/USDT', '15m', since, 300),
    );
  });

  it('open interest exists for generated swaps: positive, valued at the price, the same in every instance', async () => {
    const sim = today({ marketType: 'swap' });
    expect(sim.has.fetchOpenInterest).toBe(true);
    const oi = await sim.fetchOpenInterest('BTC/USDT:USDT');
    const ticker = await sim.fetchTicker('BTC/USDT:USDT');
    expect(oi.timestamp).toBe(NOW);
    expect(oi.openInterestAmount!).toBeGreaterThan(0);
    expect(oi.openInterestValue! / (oi.openInterestAmount! * ticker.last!)).toBeCloseTo(1, 5);
    expect(await today().fetchOpenInterest('BTC/USDT:USDT')).toEqual(oi);
    const e = await errorOf(sim.fetchOpenInterest('BTC/USDT'));
    expect(e.kind).toBe('not_supported');
    expect(e.message).toMatch(/spot market/);
    const later = new SimExchange({ clock: { wallStart: WALL, speed: 1 }, seed: 1, now: () => NOW + 3 * DAY_MS });
    expect((await later.fetchOpenInterest('BTC/USDT:USDT')).openInterestAmount).not.toBe(oi.openInterestAmount);
  });

  it('a replayed file has no open interest', async () => {
    const lines = ['timestamp,open,high,low,close,volume', `${SIM0},1,2,0.5,1.5,1`, `${SIM0 + MIN},1.5,2,1,1.2,1`];
    const sim = new SimExchange({
      clock: { wallStart: WALL0, speed: 60 },
      replay: { symbol: 'BTC/USDT', series: parseCandlesCsv(lines.join('\n')) },
      now: () => WALL0,
    });
    expect(sim.has.fetchOpenInterest).toBe(false);
    expect((await errorOf(sim.fetchOpenInterest('BTC/USDT:USDT'))).kind).toBe('not_supported');
  });

  it('a new stored clock starts the series at the epoch and reads now at creation', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'opentrade-simclock-')), 'sim-clock.json');
    const clock = loadOrCreateSimClock(file, { speed: 60, now: NOW });
    expect(clock.simStart).toBe(SIM_EPOCH);
    expect(simTimeAt(clock, NOW)).toBe(NOW);
    expect(simTimeAt(clock, NOW + 1000)).toBe(NOW + 60_000);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(clock);
    const replay = loadOrCreateSimClock(`${file}.replay`, { historyMs: 0, now: NOW });
    expect(replay.simStart).toBe(Math.floor(NOW / MIN) * MIN);
  });
});
