import { spawnSync } from 'node:child_process';
import path from 'node:path';

// End to end through a real process: flags, data file, engine, report, exit codes.
const root = path.resolve(__dirname, '../../..');
const data = path.join(root, 'test/fixtures/candles/btc-usdt-1h-400.csv');

function cli(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['-r', 'tsx/cjs', path.join(__dirname, 'fixtures/backtest-cli.ts'), 'backtest', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, OPENTRADE_DEBUG: '' },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('opentrade backtest --local', () => {
  it('--json prints exactly one JSON object with metrics, trades and equity', () => {
    const r = cli(
      '--local',
      '--data',
      data,
      '--strategy',
      'ema-cross',
      '--params',
      '{"fast":5,"slow":20}',
      '--fee',
      '0.001',
      '--slippage-bps',
      '5',
      '--stop-loss-pct',
      '2',
      '--take-profit-pct',
      '4',
      '--initial-capital',
      '5000',
      '--stake-pct',
      '50',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['metrics', 'trades', 'equity']);
    expect(out.metrics.initialCapital).toBe(5000);
    expect(out.metrics.candles).toBe(400);
    expect(out.metrics.timeframeMs).toBe(3_600_000);
    expect(out.trades.length).toBe(out.metrics.trades);
    expect(out.trades.length).toBeGreaterThan(0);
    for (const t of out.trades) {
      expect(Object.keys(t)).toEqual([
        'entryTime',
        'exitTime',
        'entryPrice',
        'exitPrice',
        'quantity',
        'pnl',
        'fees',
        'exitReason',
      ]);
      expect(['signal', 'stop_loss', 'take_profit', 'end']).toContain(t.exitReason);
      expect(t.exitTime).toBeGreaterThanOrEqual(t.entryTime);
    }
    expect(out.equity).toHaveLength(400);
    expect(out.equity[0]).toEqual({ time: 1704067200000, equity: 5000 });
    expect(out.equity[399].equity).toBeCloseTo(out.metrics.finalEquity, 9);
  });

  it('without --json prints a readable report', () => {
    const r = cli('--local', '--data', data, '--strategy', 'rsi-reversion');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backtest rsi-reversion@1\.0\.0/);
    expect(r.stdout).toMatch(/max drawdown [\d.]+ %/);
  });

  it.each([
    [
      ['--strategy', 'nope'],
      /unknown strategy "nope"; valid strategies: ema-cross, rsi-reversion, bollinger-breakout, macd-trend, supertrend/,
    ],
    [['--params', '{"slow":999}'], /parameter slow=999 is outside its range 3\.\.400/],
    [['--params', 'fast=3'], /--params must be a JSON object/],
    [['--fee', 'abc'], /--fee must be a number, got "abc"/],
    [['--stake-pct', '150'], /--stake-pct: /],
    [['--params', '{"fast":100,"slow":399}'], /too little data: ema-cross .* needs at least 401 candles, got 400/],
  ])('%j → one clear error line, non-zero exit', (extra, message) => {
    const r = cli('--local', '--data', data, ...(extra as string[]));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('--from/--to select a window of the file', () => {
    const r = cli(
      '--local',
      '--data',
      data,
      '--from',
      '2024-01-02T00:00:00Z',
      '--to',
      '2024-01-05T23:00:00Z',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.equity).toHaveLength(96);
    expect(out.equity[0].time).toBe(Date.UTC(2024, 0, 2));
    expect(out.metrics.endTime).toBe(Date.UTC(2024, 0, 6));
  });

  it('without --local (durable) the same input checks run before any connection is tried', () => {
    const r = cli('--data', data, '--params', '{"fast":1}');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('opentrade: strategy ema-cross: parameter fast=1 is outside its range 2..200');
    const short = cli('--data', data, '--params', '{"fast":100,"slow":399}');
    expect(short.stderr).toMatch(/too little data: ema-cross .* needs at least 401 candles, got 400/);
  });

  it('a malformed candle file names the line', () => {
    const r = cli('--local', '--data', path.join(root, 'test/fixtures/candles/high-below-low.csv'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/high-below-low\.csv: line 4: high 101 is below low 103/);
  });

  it('loads a user strategy file', () => {
    const r = cli(
      '--local',
      '--data',
      data,
      '--strategy',
      path.join(root, 'test/unit/strategies/fixtures/my-strategy.ts'),
      '--params',
      '{"n":2}',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.trades).toBeGreaterThan(0);
  });
});
