// The sim clock is stored once and shared: a second process (or a restarted worker) opening the
// sim market reads the same anchor and so the same time and prices.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimExchange } from '../../../infra/adapters/exchange/sim-factory';

const root = path.resolve(__dirname, '..', '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'opentrade-sim-'));

/** Asks a separate node process what the sim market shows. */
function fromAnotherProcess(clockFile: string, extra = ''): { time: number; candles: number[][] } {
  const script = `
    const { createSimExchange } = require(${JSON.stringify(path.join(root, 'infra/adapters/exchange/sim-factory.ts'))});
    (async () => {
      const sim = createSimExchange({ clockFile: ${JSON.stringify(clockFile)} ${extra} });
      const candles = await sim.fetchOHLCV('BTC/USDT', '1m', undefined, 5);
      const time = await sim.fetchTime();
      process.stdout.write(JSON.stringify({ time, candles }));
    })();`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('stored sim clock', () => {
  it('a second process sees the same clock and the same candles', async () => {
    const clockFile = path.join(dir, 'clock.json');
    const sim = createSimExchange({ clockFile, speed: 60, seed: 4 });
    const stored = JSON.parse(readFileSync(clockFile, 'utf8'));
    expect(stored).toMatchObject({ speed: 60, seed: 4 });
    const other = fromAnotherProcess(clockFile, ', speed: 1, seed: 123'); // ignored: the stored values win
    const mine = await sim.fetchOHLCV('BTC/USDT', '1m', other.candles[0][0], 5);
    expect(other.candles.map((c) => c[0])).toEqual(mine.slice(0, other.candles.length).map((c) => c[0]));
    expect(other.candles[0]).toEqual(mine[0]);
    const now = await sim.fetchTime();
    expect(Math.abs(now - other.time)).toBeLessThan(60 * 10_000); // same clock, read ≤ 10 s apart at speed 60
  });

  it('replays a candle file from its first candle, on a clock of its own', async () => {
    const file = path.join(dir, 'btc.csv');
    const t0 = Date.UTC(2024, 0, 1);
    writeFileSync(
      file,
      [
        'timestamp,open,high,low,close,volume',
        ...Array.from({ length: 10 }, (_, i) => `${t0 + i * 60_000},${10 + i},${11 + i},${9 + i},${10.5 + i},1`),
      ].join('\n'),
    );
    const sim = createSimExchange({
      replayFile: file,
      replaySymbol: 'BTC/USDT',
      clockFile: path.join(dir, 'replay.json'),
      speed: 60_000,
    });
    // At speed 60000 one wall ms is one sim minute: the 10-minute file is over almost at once.
    await new Promise((r) => setTimeout(r, 20));
    expect(await sim.fetchTime()).toBe(t0 + 10 * 60_000);
    expect(await sim.fetchOHLCV('BTC/USDT', '1m', t0, 100)).toHaveLength(10);
  });
});
