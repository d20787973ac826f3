// The generated sim market's history (core/sim SimHistory behind SimExchange): what a page of
// candles far from the epoch costs, cold (a fresh process's first call) and warm (its day blocks
// cached), and how many base candles a second the day generator makes. `npm run bench -- --suite sim-history`.
import { SIM_EPOCH, SimHistory } from '../core/sim';
import { SimExchange } from '../infra/adapters/exchange/sim-exchange';
import type { BenchScenario, BenchSuite } from './lib/suite';

const NOW = Date.UTC(2026, 11, 4, 12);
const SINCE = Date.UTC(2026, 0, 1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const suite: BenchSuite = {
  name: 'sim-history',
  async run(log) {
    const fresh = () => new SimExchange({ clock: { wallStart: NOW, speed: 1 }, seed: 1, now: () => NOW });
    const page = (sim: SimExchange) => sim.fetchOHLCV('BTC/USDT', '1h', SINCE, 1000);
    await page(fresh()); // compile the generator before timing it
    const cold: number[] = [];
    const warm: number[] = [];
    let heapMb = 0;
    for (let r = 0; r < 7; r++) {
      const sim = fresh();
      cold.push(await timed(() => page(sim)));
      warm.push(await timed(() => page(sim)));
      heapMb = Math.max(heapMb, process.memoryUsage().heapUsed / 1e6);
    }
    // 1000 daily candles: the whole history, streamed day block by day block through a small cache.
    const daily = median(
      await Promise.all([0, 1, 2].map(async () => timed(() => fresh().fetchOHLCV('BTC/USDT', '1d', SIM_EPOCH, 1000)))),
    );
    const days = 200;
    const h = new SimHistory({ seed: 1, asset: 'BTC', startPrice: 60_000, baseVolume: 40, cacheDays: 1 });
    const gen = performance.now();
    for (let d = 0; d < days; d++) h.dayBlock(d);
    const genMs = performance.now() - gen;
    const base = 1000 * 60;
    const scenarios: BenchScenario[] = [
      {
        name: "fetchOHLCV('BTC/USDT', '1h', 2026-01-01, 1000), cold (fresh exchange)",
        candles: base,
        candlesPerSecond: Math.round(base / (median(cold) / 1000)),
        ms: Number(median(cold).toFixed(1)),
      },
      {
        name: 'the same page again, warm (its day blocks cached)',
        candles: base,
        candlesPerSecond: Math.round(base / (median(warm) / 1000)),
        ms: Number(median(warm).toFixed(1)),
      },
      {
        name: "fetchOHLCV('BTC/USDT', '1d', 2024-01-01, 1000), cold: the whole history",
        candles: 1000 * 1440,
        candlesPerSecond: Math.round((1000 * 1440) / (daily / 1000)),
        ms: Number(daily.toFixed(1)),
      },
      {
        name: 'day blocks of 1m candles generated',
        candles: days * 1440,
        candlesPerSecond: Math.round((days * 1440) / (genMs / 1000)),
        ms: Number(genMs.toFixed(1)),
      },
    ];
    for (const s of scenarios) log(`${s.name}: ${s.ms} ms (${s.candlesPerSecond.toLocaleString('en')} base candles/s)`);
    log(`heap used at most ${heapMb.toFixed(0)} MB`);
    return { scenarios };
  },
};

export default suite;
