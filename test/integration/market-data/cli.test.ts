// `opentrade plugin` and `opentrade data` as a user runs them: a child process, real PostgreSQL,
// the sim market as an offline venue.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
// ccxt is ESM-heavy and jest cannot load it; ask a plain node process for its exchange ids.
const ccxtIds = JSON.parse(
  spawnSync(process.execPath, ['-e', "process.stdout.write(JSON.stringify(require('ccxt').exchanges))"], {
    cwd: root,
    encoding: 'utf8',
  }).stdout,
) as string[];
const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-cli-'));
const HOUR = 3_600_000;
const simStart = Date.UTC(2026, 2, 1);
// A stored clock: 48 sim hours have passed since simStart, at speed 1.
writeFileSync(
  path.join(home, 'sim-clock.json'),
  JSON.stringify({ wallStart: Date.now() - 48 * HOUR, simStart, speed: 1, seed: 99 }),
);

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'cli-program.ts'), ...args],
    {
      cwd: home,
      env: { ...process.env, OPENTRADE_HOME: home, OPENTRADE_CONFIG: path.join(home, 'none.json') },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('opentrade plugin', () => {
  it('lists every ccxt exchange with its capabilities, plus sim and paper', () => {
    const r = run('plugin', 'list', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      id: string;
      spot: boolean;
      swap: boolean;
      stopOrders: boolean;
      sandbox: boolean;
    }[];
    expect(rows.map((x) => x.id).sort()).toEqual([...ccxtIds, 'paper', 'sim'].sort());
    expect(rows.find((x) => x.id === 'binance')).toMatchObject({
      spot: true,
      swap: true,
      stopOrders: true,
      sandbox: true,
    });
    expect(rows.find((x) => x.id === 'hyperliquid')).toMatchObject({ swap: true });
  });

  it('describes one plugin; an unknown id is one clear line with a hint and exit 1', () => {
    const info = run('plugin', 'info', 'binance', '--json');
    expect(JSON.parse(info.stdout)).toMatchObject({ id: 'binance', credentials: ['apiKey', 'secret'] });
    expect(JSON.parse(info.stdout).timeframes).toContain('1h');
    const bad = run('plugin', 'info', 'binanse');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/unknown exchange id "binanse".*similar: binance.*opentrade plugin list/);
  });
});

describe('opentrade data', () => {
  const exchange = 'sim';
  const since = new Date(simStart).toISOString();

  it('downloads from the offline sim market, lists coverage, exports, and re-downloads idempotently', () => {
    const d = run(
      'data',
      'download',
      '--exchange',
      exchange,
      '--symbol',
      'SOL/USDT',
      '--timeframe',
      '1h',
      '--since',
      since,
      '--json',
    );
    expect(d.code).toBe(0);
    const result = JSON.parse(d.stdout);
    expect(result.fetched).toBe(48);
    expect(result.gaps).toEqual([]);
    expect(
      run('data', 'download', '--exchange', exchange, '--symbol', 'SOL/USDT', '--timeframe', '1h', '--since', since)
        .code,
    ).toBe(0);
    const list = JSON.parse(run('data', 'list', '--json').stdout) as {
      exchange: string;
      symbol: string;
      timeframe: string;
      count: number;
      first: number;
    }[];
    expect(list.find((c) => c.exchange === 'sim' && c.symbol === 'SOL/USDT' && c.timeframe === '1h')).toMatchObject({
      count: 48,
      first: simStart,
    });
    const out = path.join(home, 'sol.csv');
    const e = run(
      'data',
      'export',
      '--exchange',
      exchange,
      '--symbol',
      'SOL/USDT',
      '--timeframe',
      '1h',
      '--from',
      since,
      '--to',
      String(simStart + 9 * HOUR),
      '--out',
      out,
    );
    expect(e.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,open,high,low,close,volume');
    expect(lines).toHaveLength(11);
  });

  it("download says which candles it stored, from the venue's first one when asked from earlier", () => {
    const early = new Date(simStart - 2 * 24 * HOUR).toISOString();
    const d = run(
      'data',
      'download',
      '--exchange',
      exchange,
      '--symbol',
      'ETH/USDT',
      '--timeframe',
      '1h',
      '--since',
      early,
    );
    expect(d.code).toBe(0);
    const iso = (t: number) => new Date(t).toISOString();
    expect(d.stdout).toContain(
      `sim ETH/USDT 1h: stored 48 candles, first ${iso(simStart)}, last ${iso(simStart + 47 * HOUR)} (open times; `,
    );
    expect(d.stdout).toContain(`the venue has no candles from ${early} to ${iso(simStart)}`);
    const json = JSON.parse(
      run(
        'data',
        'download',
        '--exchange',
        exchange,
        '--symbol',
        'ETH/USDT',
        '--timeframe',
        '1h',
        '--since',
        early,
        '--json',
      ).stdout,
    );
    expect(json).toMatchObject({
      since: simStart - 48 * HOUR,
      first: simStart,
      last: simStart + 47 * HOUR,
      fetched: 48,
    });
  });

  it('rejects an unknown symbol and an unsupported timeframe listing the valid ones', () => {
    const sym = run(
      'data',
      'download',
      '--exchange',
      exchange,
      '--symbol',
      'DOGE/USDT',
      '--timeframe',
      '1h',
      '--since',
      since,
    );
    expect(sym.code).toBe(1);
    expect(sym.stderr).toMatch(
      /unknown symbol "DOGE\/USDT" on sim; valid symbols: BTC\/USDT, BTC\/USDT:USDT, ETH\/USDT/,
    );
    const tf = run(
      'data',
      'download',
      '--exchange',
      exchange,
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '2m',
      '--since',
      since,
    );
    expect(tf.stderr).toMatch(/unsupported timeframe "2m" on sim; valid timeframes: 1m, 3m, 5m/);
    const ex = run(
      'data',
      'download',
      '--exchange',
      'nosuchvenue',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
      '--since',
      since,
    );
    expect(ex.stderr).toMatch(/unknown exchange id "nosuchvenue"/);
  });

  it('imports a file only when every row is valid, naming the bad line', () => {
    const file = path.join(home, 'bad.csv');
    const t0 = Date.UTC(2023, 0, 1);
    writeFileSync(
      file,
      [
        'timestamp,open,high,low,close,volume',
        `${t0},1,2,0.5,1.5,3`,
        `${t0 + 60_000},1,2,0.5,1.5,3`,
        `${t0 + 120_000},1,2,0.5,NaN,3`,
      ].join('\n'),
    );
    const symbol = `ETH/USD${Math.floor(Math.random() * 1e6)}`; // unique, so a reused database cannot hide a half-import
    const bad = run('data', 'import', file, '--exchange', 'kraken', '--symbol', symbol, '--timeframe', '1m');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv line 4: close "NaN" is not a finite number; nothing was imported/);
    const list = JSON.parse(run('data', 'list', '--json').stdout) as { symbol: string }[];
    expect(list.some((c) => c.symbol === symbol)).toBe(false);
    writeFileSync(
      file,
      ['timestamp,open,high,low,close,volume', `${t0},1,2,0.5,1.5,3`, `${t0 + 60_000},1,2,0.5,1.5,3`].join('\n'),
    );
    const ok = run('data', 'import', file, '--exchange', 'kraken', '--symbol', symbol, '--timeframe', '1m');
    expect(ok.stdout).toContain(`imported 2 candles kraken ${symbol} 1m`);
  });
});
