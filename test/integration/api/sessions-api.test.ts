// The sessions, decisions, orders, trades, positions and equity routes against a real stack: a
// session started over HTTP runs on a real worker and everything it records is served back.
import { startDataGateway, type DataGateway } from './data-gateway-harness';
import { until } from '../trading/session-harness';
import { TEST_TOKEN } from './data-gateway-harness';
import { connectWs, MessageLog } from './ws-client';

let gw: DataGateway;
beforeAll(async () => {
  // binance is configured (never called: live is refused before any exchange call) so the live rules are reachable.
  gw = await startDataGateway({
    speed: 600,
    config: {
      exchanges: [{ id: 'sim' }, { id: 'binance', credentials: { apiKey: 'OT_TEST_KEY', secret: 'OT_TEST_SECRET' } }],
    },
  });
});
afterAll(async () => {
  await gw?.stop();
});

const start = (body: unknown) => gw.api('POST', '/sessions', body);

describe('POST /sessions refuses bad input before anything starts', () => {
  it.each([
    ['no symbols', { strategy: 'ema-cross', symbols: [] }, 400, 'symbols'],
    ['a malformed symbol', { strategy: 'ema-cross', symbols: ['BTCUSDT'] }, 400, 'symbols.0'],
    ['an unknown field', { strategy: 'ema-cross', symbols: ['BTC/USDT'], leverage: 3 }, 400, ''],
    ['an unknown strategy', { strategy: 'nope', symbols: ['BTC/USDT'] }, 422, 'strategy'],
    ['parameters out of range', { strategy: 'ema-cross', symbols: ['BTC/USDT'], params: { fast: -1 } }, 422, 'params'],
    ['a symbol the exchange does not list', { strategy: 'ema-cross', symbols: ['DOGE/EUR'] }, 422, 'symbols'],
    ['an unsupported timeframe', { strategy: 'ema-cross', symbols: ['BTC/USDT'], timeframe: '7m' }, 422, 'timeframe'],
    ['an unconfigured exchange', { strategy: 'ema-cross', symbols: ['BTC/USDT'], exchange: 'kraken' }, 422, 'exchange'],
    ['an unknown decision mode', { strategy: 'ema-cross', symbols: ['BTC/USDT'], decide: 'vote' }, 400, 'decide'],
    [
      'a protection setting out of range',
      {
        strategy: 'ema-cross',
        symbols: ['BTC/USDT'],
        protections: { stoplossGuard: { lookbackCandles: 60, tradeLimit: 0, stopDurationCandles: 30 } },
      },
      400,
      'protections.stoplossGuard.tradeLimit',
    ],
    [
      'a protection missing a setting',
      { strategy: 'ema-cross', symbols: ['BTC/USDT'], protections: { cooldownPeriod: {} } },
      400,
      'protections.cooldownPeriod.stopDurationCandles',
    ],
    [
      'a trailing stop of 0',
      { strategy: 'ema-cross', symbols: ['BTC/USDT'], trailingStopPct: 0 },
      400,
      'trailingStopPct',
    ],
    [
      'a trailing stop beyond 50 %',
      { strategy: 'ema-cross', symbols: ['BTC/USDT'], trailingStopPct: 51 },
      400,
      'trailingStopPct',
    ],
    [
      'speed on a real exchange',
      { strategy: 'ema-cross', symbols: ['BTC/USDT'], exchange: 'kraken', speed: 5 },
      400,
      'speed',
    ],
  ])('%s', async (_what, body, status, path) => {
    const before = await gw.data.prisma.tradingSession.count();
    const r = await start(body);
    expect(r.status).toBe(status);
    expect(r.body.error.issues?.map((i: { path: string }) => i.path)).toContain(path);
    expect(await gw.data.prisma.tradingSession.count()).toBe(before);
  });

  it('live mode without confirmLive is refused with confirmation_required', async () => {
    const r = await start({ mode: 'live', exchange: 'binance', strategy: 'ema-cross', symbols: ['BTC/USDT'] });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'confirmation_required', issues: [{ path: 'confirmLive' }] });
    // Confirmed, but the credentials' environment variables are not set: still refused, naming them.
    const confirmed = await start({
      mode: 'live',
      exchange: 'binance',
      strategy: 'ema-cross',
      symbols: ['BTC/USDT'],
      confirmLive: true,
    });
    expect(confirmed.status).toBe(422);
    expect(confirmed.body.error.message).toMatch(/OT_TEST_KEY|OT_TEST_SECRET/);
    const sim = await start({ mode: 'live', strategy: 'ema-cross', symbols: ['BTC/USDT'] });
    expect(sim.status).toBe(422);
    expect(sim.body.error.message).toMatch(/live mode on the sim market is refused/);
  });
});

describe('a session started over HTTP', () => {
  let id = '';

  it('starts, is listed, answers its live status, records decisions with signals and streams them', async () => {
    const ws = await connectWs(gw.wsUrl, { protocols: ['bearer', TEST_TOKEN] });
    if (!ws.opened) throw new Error(`WebSocket refused: ${ws.status}`);
    const events = new MessageLog(ws.socket);
    const r = await start({ strategy: 'ema-cross', symbols: ['BTC/USDT'], maxCycles: 1000 });
    expect(r.status).toBe(201);
    id = r.body.session.id;
    expect(r.body.session).toMatchObject({
      mode: 'paper',
      exchange: 'sim',
      symbols: ['BTC/USDT'],
      strategy: 'ema-cross',
      status: 'running',
    });
    // Nothing asked for: the strategy decides, unprotected, no trailing stop.
    expect(r.body.session).toMatchObject({ decide: 'strategy', protections: null, trailingStopPct: null });
    expect(r.body.session.temporalUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/session-${id}`);

    const list = await gw.api('GET', '/sessions?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(id);

    const decision = await until('a decision', async () => {
      const d = await gw.api('GET', `/decisions?sessionId=${id}&limit=1`);
      return d.body.items?.[0];
    });
    expect(decision).toMatchObject({ sessionId: id, symbol: 'BTC/USDT' });
    const detail = await gw.api('GET', `/decisions/${decision.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.decision.signals.map((s: { agent: string }) => s.agent).sort()).toEqual([
      'macro',
      'market',
      'onchain',
      'sentiment',
      'strategy',
    ]);
    for (const sig of detail.body.decision.signals) expect(Math.abs(sig.direction)).toBeLessThanOrEqual(1);
    expect(detail.body.decision.temporalUiUrl).toContain(encodeURIComponent(decision.id));
    expect(Array.isArray(detail.body.decision.orders)).toBe(true);

    const withLive = await until('the live status', async () => {
      const b = (await gw.api('GET', `/sessions/${id}`)).body;
      return b.live && b;
    });
    expect(withLive.live.sessionId).toBe(id);
    // No protection configured: no lock can be in force.
    expect(withLive.locks).toEqual([]);
    const streamed = await events.next(
      (m) => m.type === 'decision' && (m.data as { sessionId: string }).sessionId === id,
      10_000,
    );
    expect(streamed.data).toMatchObject({ symbol: 'BTC/USDT', action: expect.stringMatching(/BUY|SELL|HOLD/) });
    await events.next((m) => m.type === 'equity' && (m.data as { sessionId: string }).sessionId === id, 10_000);
    ws.socket.close();
  });

  it('serves its orders, trades, positions and equity', async () => {
    await until(
      'an equity snapshot',
      async () => (await gw.api('GET', `/equity?sessionId=${id}`)).body.points?.length > 0,
    );
    const eq = await gw.api('GET', `/equity?sessionId=${id}`);
    expect(eq.body.summary.equity).toBeGreaterThan(0);
    for (const p of eq.body.points) expect(p.drawdownPct).toBeLessThanOrEqual(0);
    for (const route of ['/orders', '/trades', '/positions?status=all']) {
      const r = await gw.api('GET', `${route}${route.includes('?') ? '&' : '?'}sessionId=${id}`);
      expect(r.status).toBe(200);
      for (const row of r.body.items) expect(row.sessionId).toBe(id);
    }
  });

  it('pages with a cursor without repeating or skipping rows', async () => {
    await until(
      'three decisions',
      async () => (await gw.api('GET', `/decisions?sessionId=${id}&limit=3`)).body.items?.length === 3,
    );
    const all = (await gw.api('GET', `/decisions?sessionId=${id}&limit=500`)).body.items.map(
      (d: { id: string }) => d.id,
    );
    const first = await gw.api('GET', `/decisions?sessionId=${id}&limit=2`);
    const second = await gw.api('GET', `/decisions?sessionId=${id}&limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((d: { id: string }) => d.id)).toEqual(
      all.slice(0, 4).slice(0, first.body.items.length + second.body.items.length),
    );
  });

  it('pauses, resumes, refuses an unconfirmed kill, kills, then answers 409', async () => {
    expect((await gw.api('POST', `/sessions/${id}/pause`, { reason: 'api test' })).status).toBe(202);
    await until('paused', async () => (await gw.api('GET', `/sessions/${id}`)).body.live?.state.status === 'paused');
    expect((await gw.api('POST', `/sessions/${id}/resume`)).status).toBe(202);
    await until(
      'running again',
      async () => (await gw.api('GET', `/sessions/${id}`)).body.live?.state.status === 'running',
    );
    const unconfirmed = await gw.api('POST', `/sessions/${id}/kill`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.code).toBe('confirmation_required');
    expect((await gw.api('POST', `/sessions/${id}/kill`, { confirm: true, reason: 'api test' })).status).toBe(202);
    await until(
      'killed',
      async () => (await gw.api('GET', `/sessions/${id}`)).body.session.status === 'killed',
      60_000,
    );
    const late = await gw.api('POST', `/sessions/${id}/pause`);
    expect(late.status).toBe(409);
    expect((await gw.api('GET', `/positions?sessionId=${id}`)).body.items).toEqual([]);
  });

  it('keeps the decision mode, protections and trailing stop it was started with', async () => {
    const protections = {
      stoplossGuard: { lookbackCandles: 60, tradeLimit: 3, stopDurationCandles: 30, onlyPerPair: true },
      cooldownPeriod: { stopDurationCandles: 5 },
    };
    const r = await start({
      strategy: 'ema-cross',
      symbols: ['SOL/USDT'],
      maxCycles: 1000,
      decide: 'ensemble',
      protections,
      trailingStopPct: 2.5,
    });
    expect(r.status).toBe(201);
    const optionsId = r.body.session.id;
    const options = { decide: 'ensemble', protections, trailingStopPct: 2.5 };
    expect(r.body.session).toMatchObject(options);
    const detail = await gw.api('GET', `/sessions/${optionsId}`);
    expect(detail.body.session).toMatchObject(options);
    expect(Array.isArray(detail.body.locks)).toBe(true);
    const listed = (await gw.api('GET', '/sessions?limit=5')).body.items.find(
      (x: { id: string }) => x.id === optionsId,
    );
    expect(listed).toMatchObject(options);
    expect((await gw.api('POST', `/sessions/${optionsId}/stop`, { reason: 'api test' })).status).toBe(202);
  });

  it('stops a session after its running cycle', async () => {
    const r = await start({ strategy: 'rsi-reversion', symbols: ['ETH/USDT'], maxCycles: 1000 });
    expect(r.status).toBe(201);
    const stopId = r.body.session.id;
    await until(
      'a first decision',
      async () => (await gw.api('GET', `/decisions?sessionId=${stopId}&limit=1`)).body.items?.length > 0,
    );
    expect((await gw.api('POST', `/sessions/${stopId}/stop`, { reason: 'api test' })).body).toEqual({
      sessionId: stopId,
      signal: 'stop',
    });
    await until(
      'stopped',
      async () => (await gw.api('GET', `/sessions/${stopId}`)).body.session.status === 'stopped',
      60_000,
    );
    expect((await gw.api('GET', `/sessions/${stopId}`)).body.live).toBeNull();
    expect(
      (await gw.api('GET', '/sessions?status=stopped&limit=500')).body.items.map((x: { id: string }) => x.id),
    ).toContain(stopId);
  });

  it('answers 404 for what does not exist and 400 for malformed ids and filters', async () => {
    expect((await gw.api('GET', '/sessions/nosuchsession')).status).toBe(404);
    expect((await gw.api('POST', '/sessions/nosuchsession/stop')).status).toBe(404);
    expect((await gw.api('GET', '/decisions/nosuchdecision')).status).toBe(404);
    const bad = await gw.api('GET', '/decisions?action=MAYBE&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['action', 'limit']);
    expect((await gw.api('GET', '/equity')).body.error.issues[0].path).toBe('sessionId');
    expect((await gw.api('GET', '/sessions/bad%20id')).status).toBe(400);
  });
});
