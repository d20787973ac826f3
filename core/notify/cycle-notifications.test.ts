import { cycleNotifications, type CycleFacts } from './cycle-notifications';

const base: CycleFacts = {
  sessionId: 'sess-1',
  exchange: 'sim',
  mode: 'paper',
  cycleId: 'cycle-sess-1-1000-BTCUSDT',
  symbol: 'BTC/USDT',
  candleCloseMs: Date.UTC(2026, 11, 4, 12, 0),
  action: 'HOLD',
  verdict: 'none',
  reasons: ['ema cross up', 'rsi 55'],
  fills: [],
  newLocks: [],
  realizedPnl: 0,
};

const entry = {
  clientOrderId: 'otabc-en',
  side: 'buy' as const,
  quantity: 0.5,
  filled: 0.5,
  average: 60_000.5,
  status: 'closed',
  purpose: 'entry',
};

test('a HOLD with nothing happening says nothing', () => {
  expect(cycleNotifications(base)).toEqual([]);
});

test('a filled market entry: entry (with its price) and entry_fill, each keyed by the cycle and order', () => {
  const ns = cycleNotifications({ ...base, action: 'BUY', verdict: 'approve', order: entry, fills: [entry] });
  expect(ns.map((n) => n.event)).toEqual(['entry', 'entry_fill']);
  expect(ns[0].title).toBe('BUY BTC/USDT 0.5 @ 60000.5 (paper on sim)');
  expect(ns[0].key).toBe('entry:cycle-sess-1-1000-BTCUSDT:otabc-en');
  expect(ns[0].text).toContain('· ema cross up');
  expect(ns[0].fields).toMatchObject({ side: 'buy', quantity: 0.5, price: 60_000.5, sessionId: 'sess-1' });
  // The same cycle gives the same keys: a retried recording publishes nothing new.
  expect(
    cycleNotifications({ ...base, action: 'BUY', verdict: 'approve', order: entry, fills: [entry] }).map((n) => n.key),
  ).toEqual(ns.map((n) => n.key));
});

test('an entry that ended unfilled is entry_cancel', () => {
  const ns = cycleNotifications({
    ...base,
    action: 'BUY',
    order: { ...entry, filled: 0, status: 'canceled' },
    fills: [],
  });
  expect(ns.map((n) => n.event)).toEqual(['entry_cancel']);
  expect(ns[0].title).toContain('(canceled)');
});

test.each([
  ['close', 'signal'],
  ['stop_loss', 'stop_loss'],
  ['take_profit', 'take_profit'],
  ['trailing_stop', 'trailing_stop'],
  ['compensation', 'compensation'],
])('a filled %s is exit_fill with reason %s and the PnL', (purpose, reason) => {
  const fill = { clientOrderId: `x-${purpose}`, side: 'sell' as const, filled: 0.5, average: 61_000, purpose };
  const ns = cycleNotifications({ ...base, fills: [fill], realizedPnl: 499.75, equity: 10_499.75 });
  const exit = ns.find((n) => n.event === 'exit_fill')!;
  expect(exit.fields.reason).toBe(reason);
  expect(exit.fields.realizedPnl).toBe(499.75);
  expect(exit.title).toContain('PnL +499.75');
  expect(exit.text).toContain('equity 10499.75');
});

test('two exits in one cycle do not each claim the cycle PnL', () => {
  const fills = ['stop_loss', 'close'].map((purpose) => ({
    clientOrderId: purpose,
    side: 'sell' as const,
    filled: 0.1,
    average: 1,
    purpose,
  }));
  const exits = cycleNotifications({ ...base, fills, realizedPnl: -3 }).filter((n) => n.event === 'exit_fill');
  expect(exits).toHaveLength(2);
  expect(exits.every((n) => n.fields.realizedPnl === null)).toBe(true);
});

test('a close order placed is exit (signal); locks, vetoes, compensation and a spent budget have their events', () => {
  const close = {
    clientOrderId: 'c-cl',
    side: 'sell' as const,
    quantity: 0.5,
    filled: 0,
    status: 'open',
    purpose: 'close',
  };
  const lock = {
    id: 'CooldownPeriod:BTC/USDT:5',
    protection: 'CooldownPeriod' as const,
    scope: 'pair' as const,
    symbol: 'BTC/USDT',
    from: 5,
    until: Date.UTC(2026, 11, 4, 13),
    reason: '2 stop-losses in 60 min',
  };
  const ns = cycleNotifications({
    ...base,
    action: 'SELL',
    verdict: 'veto',
    order: close,
    newLocks: [lock],
    compensated: true,
    llmBudget: { scope: 'day', unit: 'tokens', limit: 1000, spent: 1200 },
  });
  expect(ns.map((n) => n.event)).toEqual(['exit', 'protection', 'risk_veto', 'exception', 'llm_budget']);
  expect(ns[1].title).toBe('Protection CooldownPeriod: BTC/USDT entries locked until 2026-12-04 13:00 UTC');
  // The budget is announced once per session, scope and day, whichever cycle finds it spent.
  expect(ns[4].key).toBe('llm_budget:sess-1:day:2026-12-04');
});

test('keys only hold characters a workflow id and a key column accept', () => {
  const ns = cycleNotifications({
    ...base,
    sessionId: 'my session/1',
    cycleId: 'cycle my/1',
    action: 'BUY',
    order: entry,
    fills: [entry],
  });
  for (const n of ns) expect(n.key).toMatch(/^[A-Za-z0-9._:-]+$/);
});
