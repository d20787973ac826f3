import { backtestFinished, evolutionPromoted } from './run-notifications';

test('a finished backtest: return and trades in the title, the headline metrics in the text and fields', () => {
  const n = backtestFinished({
    runId: 'bt-1',
    symbol: 'BTC/USDT',
    candles: 43_200,
    trades: 57,
    finalEquity: 11_234.5,
    totalReturnPct: 12.345,
    maxDrawdownPct: 6.5,
    winRatePct: 54.39,
    sharpe: 1.234,
    at: 1,
  });
  expect(n).toMatchObject({
    key: 'backtest_finished:bt-1',
    event: 'backtest_finished',
    title: 'Backtest BTC/USDT done: +12.35%, 57 trades',
  });
  expect(n.text).toBe(
    'run bt-1 · 43200 candles\nfinal equity 11234.5 · max drawdown 6.50% · win rate 54.4% · Sharpe 1.23',
  );
  expect(n.fields).toMatchObject({ trades: 57, sharpe: 1.234 });
  expect(
    backtestFinished({
      ...n.fields,
      runId: 'bt-2',
      symbol: 'X',
      candles: 1,
      trades: 0,
      finalEquity: 9,
      totalReturnPct: -3,
      maxDrawdownPct: 3,
      winRatePct: 0,
      sharpe: 0,
      at: 1,
    }).title,
  ).toContain('-3.00%');
});

test('a promotion names the strategy, its new version, and the out-of-sample fitness against the parent', () => {
  const n = evolutionPromoted({
    runId: 'ev-9',
    strategy: 'ema-cross',
    version: 4,
    oosFitness: 1.42,
    parentOosFitness: 1.1,
    reason: 'beats the parent out of sample by 29%',
    activated: true,
    at: 1,
  });
  expect(n).toMatchObject({ key: 'evolution_promoted:ev-9', title: 'Evolution promoted ema-cross v4 (active)' });
  expect(n.text).toContain('out-of-sample fitness 1.42 vs 1.1 before');
  expect(
    evolutionPromoted({
      ...n.fields,
      runId: 'ev-9',
      strategy: 'x',
      version: 2,
      oosFitness: 1,
      parentOosFitness: 0,
      reason: 'r',
      activated: false,
      at: 1,
    }).title,
  ).toBe('Evolution promoted x v2');
});
