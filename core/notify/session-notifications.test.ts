import { cycleFailed, flattenExits, flattenReason, sessionStarted, sessionStatusNotice } from './session-notifications';

const at = Date.UTC(2026, 11, 4, 10, 30);

test('startup names the mode, venue and symbols, and warns in words when it is live', () => {
  const base = {
    sessionId: 's1',
    mode: 'paper',
    exchange: 'sim',
    symbols: ['BTC/USDT', 'ETH/USDT'],
    timeframe: '5m',
    strategyName: 'ema-cross',
    at,
  };
  const paper = sessionStarted(base);
  expect(paper).toMatchObject({
    key: 'startup:s1',
    event: 'startup',
    title: 'Session s1 started: paper on sim, BTC/USDT, ETH/USDT 5m',
  });
  expect(paper.text).not.toContain('LIVE');
  expect(sessionStarted({ ...base, mode: 'live', exchange: 'binance' }).text).toContain(
    'LIVE: real orders with real money',
  );
});

test("a flatten's closes are exit_fill messages with the reason its tag stands for, one key per order", () => {
  const closed = [
    {
      symbol: 'ETH/USDT',
      side: 'sell' as const,
      quantity: 0.2,
      clientOrderId: 'fl-s1-fx1-1-ETHUSDT',
      status: 'closed',
    },
  ];
  const [n] = flattenExits('s1', 'fx1', closed, at);
  expect(n).toMatchObject({ key: 'exit_fill:s1:fl-s1-fx1-1-ETHUSDT', event: 'exit_fill', symbol: 'ETH/USDT' });
  expect(n.fields).toMatchObject({ reason: 'force_exit', side: 'sell', quantity: 0.2 });
  expect(n.title).toBe('Exit ETH/USDT: SELL 0.2 at market (force exit)');
  expect(flattenExits('s1', 'ks2', closed, at)[0].title).toContain('(kill switch)');
  expect(flattenReason('kill1')).toBe('kill');
  expect(flattenReason('ks1')).toBe('kill');
});

test('status changes: the kill switch is a protection once a day; an end is a warning; running is nothing', () => {
  const ks = sessionStatusNotice('s1', 'paused', 'daily loss limit reached: positions flattened', at);
  expect(ks).toMatchObject({ event: 'protection', key: 'protection:s1:killswitch:2026-12-04' });
  expect(sessionStatusNotice('s1', 'killed', 'panic', at)).toMatchObject({
    event: 'warning',
    text: 'panic',
    key: 'warning:s1:killed',
  });
  expect(sessionStatusNotice('s1', 'paused', 'maintenance', at)).toBeUndefined();
  expect(sessionStatusNotice('s1', 'running', undefined, at)).toBeUndefined();
});

test('a failed cycle is an exception keyed by its workflow, with the reason cut to a readable length', () => {
  const n = cycleFailed({
    sessionId: 's1',
    symbol: 'BTC/USDT',
    candleCloseMs: at,
    workflowId: 'cycle-s1-1-BTCUSDT',
    error: 'x'.repeat(2000),
  });
  expect(n).toMatchObject({
    key: 'exception:cycle-s1-1-BTCUSDT',
    event: 'exception',
    title: 'Cycle failed: BTC/USDT candle 2026-12-04T10:30Z skipped',
  });
  expect(String(n.fields.error)).toHaveLength(500);
});
