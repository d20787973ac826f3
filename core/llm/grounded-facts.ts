// The numbers a model may reason from: computed here by core from the cycle's point-in-time
// snapshot, each labelled with what it is, and nothing else. A model that is handed the levels does
// not have to invent them, and every level it cites can be checked against these.
import type { CandleSeries } from '../candles/series';
import type { MarketSnapshot } from '../agents/snapshot';
import { assertClosedBy, assertSnapshotBasics } from '../agents/snapshot-checks';
import { atr } from '../indicators/atr';
import { bollinger } from '../indicators/bollinger';
import { ema } from '../indicators/ema';
import { macd } from '../indicators/macd';
import { rsi } from '../indicators/rsi';

export interface Fact {
  label: string;
  value: number | string;
}

const sig = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : NaN);
const pct = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e2 : NaN);

function last(a: Float64Array): number {
  return a.length ? a[a.length - 1] : NaN;
}

function change(close: Float64Array, back: number): number {
  const n = close.length;
  return n > back ? close[n - 1] / close[n - 1 - back] - 1 : NaN;
}

/** Trend and momentum of one timeframe's closed candles. */
function seriesFacts(s: CandleSeries, tf: string): Fact[] {
  const { close, high, low, volume } = s;
  const price = last(close);
  const facts: Fact[] = [
    { label: `${tf} candles available`, value: s.length },
    { label: `${tf} return over last 1 candle (%)`, value: pct(change(close, 1)) },
    { label: `${tf} return over last 5 candles (%)`, value: pct(change(close, 5)) },
    { label: `${tf} return over last 20 candles (%)`, value: pct(change(close, 20)) },
    { label: `${tf} return over last 100 candles (%)`, value: pct(change(close, 100)) },
    { label: `${tf} EMA 20`, value: sig(last(ema(close, 20))) },
    { label: `${tf} EMA 50`, value: sig(last(ema(close, 50))) },
    { label: `${tf} EMA 200`, value: sig(last(ema(close, 200))) },
    { label: `${tf} RSI 14`, value: sig(last(rsi(close, 14))) },
  ];
  if (s.length >= 35) {
    const m = macd(close);
    facts.push({ label: `${tf} MACD 12/26/9 histogram`, value: sig(last(m.histogram)) });
  }
  const a = last(atr(high, low, close, 14));
  facts.push({ label: `${tf} ATR 14`, value: sig(a) }, { label: `${tf} ATR 14 as % of price`, value: pct(a / price) });
  const b = bollinger(close, 20, 2);
  facts.push(
    { label: `${tf} Bollinger 20/2 upper`, value: sig(last(b.upper)) },
    { label: `${tf} Bollinger 20/2 lower`, value: sig(last(b.lower)) },
  );
  const n = s.length;
  if (n >= 21) {
    let avg = 0;
    for (let i = n - 21; i < n - 1; i++) avg += volume[i] / 20;
    facts.push({ label: `${tf} last candle volume vs 20-candle average (x)`, value: sig(volume[n - 1] / avg) });
  }
  if (n >= 20) {
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = n - 20; i < n; i++) {
      hi = Math.max(hi, high[i]);
      lo = Math.min(lo, low[i]);
    }
    facts.push({ label: `${tf} 20-candle high`, value: sig(hi) }, { label: `${tf} 20-candle low`, value: sig(lo) });
  }
  return facts.filter((f) => typeof f.value === 'string' || Number.isFinite(f.value));
}

/**
 * The market as of the snapshot's decision time: price, each timeframe, derivatives and the book. A
 * snapshot holding a candle that had not closed by then is refused, as every agent refuses it: a
 * model handed a later price would be reasoning with the future.
 */
export function marketFacts(snap: MarketSnapshot): Fact[] {
  assertSnapshotBasics(snap, 'grounded facts');
  for (const [tf, s] of Object.entries(snap.candles)) assertClosedBy(s, tf, snap.time, 'grounded facts');
  const main = snap.candles[snap.timeframe];
  const facts: Fact[] = [
    { label: 'decision time (UTC, candle close)', value: new Date(snap.time).toISOString() },
    { label: 'symbol', value: snap.symbol },
    { label: 'last close', value: sig(last(main.close)) },
  ];
  if (snap.ticker) {
    if (Number.isFinite(snap.ticker.bid)) facts.push({ label: 'best bid', value: sig(snap.ticker.bid!) });
    if (Number.isFinite(snap.ticker.ask)) facts.push({ label: 'best ask', value: sig(snap.ticker.ask!) });
  }
  facts.push(...seriesFacts(main, snap.timeframe));
  for (const [tf, s] of Object.entries(snap.candles))
    if (tf !== snap.timeframe && s.length > 0) facts.push(...seriesFacts(s, tf));
  if (snap.fundingRate) facts.push({ label: 'funding rate per period (%)', value: pct(snap.fundingRate.fundingRate) });
  if (snap.openInterest && snap.openInterest.previous > 0)
    facts.push(
      { label: 'open interest', value: sig(snap.openInterest.current) },
      {
        label: 'open interest change since previous reading (%)',
        value: pct(snap.openInterest.current / snap.openInterest.previous - 1),
      },
    );
  if (snap.longShortRatio)
    facts.push({ label: 'long/short account ratio', value: sig(snap.longShortRatio.longShortRatio) });
  if (snap.orderBook && snap.orderBook.bids.length && snap.orderBook.asks.length) {
    const depth = (side: [number, number][]) => side.slice(0, 10).reduce((s, [, q]) => s + q, 0);
    const bids = depth(snap.orderBook.bids);
    const asks = depth(snap.orderBook.asks);
    if (bids + asks > 0)
      facts.push({
        label: 'order book imbalance, top 10 levels (-1 all asks .. 1 all bids)',
        value: sig((bids - asks) / (bids + asks)),
      });
  }
  return facts;
}

/** What the session holds and what its strategy advises: for the strategy analyst, coordinator and review. */
export function positionFacts(snap: MarketSnapshot): Fact[] {
  const facts: Fact[] = [];
  if (snap.position && snap.position.quantity > 0)
    facts.push(
      { label: 'open position side', value: snap.position.side },
      { label: 'open position quantity', value: sig(snap.position.quantity) },
      { label: 'open position entry price', value: sig(snap.position.entryPrice) },
    );
  else facts.push({ label: 'open position', value: 'none' });
  const a = snap.strategyAdvice;
  if (a) {
    facts.push({ label: "session strategy's advice on this candle", value: a.action });
    if (a.desired) facts.push({ label: 'position the session strategy wants', value: a.desired });
    if (a.reason) facts.push({ label: "session strategy's reason", value: a.reason });
  }
  return facts;
}

/** One `label: value` line per fact: the form every prompt carries them in. */
export function renderFacts(facts: Fact[]): string {
  return facts.map((f) => `- ${f.label}: ${f.value}`).join('\n');
}

/** Every number a model may cite as a price: the snapshot's price levels. */
export function lastPrice(snap: MarketSnapshot): number {
  const main = snap.candles[snap.timeframe];
  return last(main.close);
}
