// PaperExchange against real PostgreSQL, priced by the sim market on a clock the test steps.
import { randomUUID } from 'node:crypto';
import { ExchangeError } from '../../../core/exchange/types';
import { createPrisma, sqlFromPool, type PrismaClient, type Sql } from '../../../infra/adapters/db';
import { PaperExchange } from '../../../infra/adapters/exchange/paper-exchange';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';

const WALL0 = 1_750_000_000_000;
const SIM0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

let prisma: PrismaClient;
let other: PrismaClient;
// Each "process" also has a pg pool: the worker sends paper accounts' SQL through one.
let sqlOfPrisma: Sql;
let sqlOfOther: Sql;
beforeAll(() => {
  prisma = createPrisma();
  other = createPrisma(); // a second "process": its own connection pool
  sqlOfPrisma = sqlFromPool(process.env.DATABASE_URL!);
  sqlOfOther = sqlFromPool(process.env.DATABASE_URL!);
});
afterAll(async () => {
  await prisma.$disconnect();
  await other.$disconnect();
  await sqlOfPrisma.close();
  await sqlOfOther.close();
});

// Every behaviour twice: SQL through Prisma's raw queries (the fallback) and through a pg pool.
const BACKENDS = ['Prisma raw queries', 'a pg pool'] as const;
let backend: (typeof BACKENDS)[number] = 'Prisma raw queries';
const sqlFor = (client: PrismaClient) =>
  backend === 'a pg pool' ? { sql: client === other ? sqlOfOther : sqlOfPrisma } : {};

function world(seed = 3) {
  const wall = { t: WALL0 + 120_000 }; // two hours of 1m history at speed 60
  const sim = new SimExchange({ clock: { wallStart: WALL0, simStart: SIM0, speed: 60 }, seed, now: () => wall.t });
  const accountId = `t-${randomUUID()}`;
  const paper = (client: PrismaClient = prisma, config = { slippageBps: 5, volumeShare: 0.5 }) =>
    new PaperExchange({
      prisma: client,
      ...sqlFor(client),
      accountId,
      priceSource: sim,
      initialBalances: { USDT: 100_000 },
      config,
    });
  return { wall, sim, accountId, paper };
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExchangeError) return e.kind;
    throw e;
  }
  return 'no error';
}

describe.each(BACKENDS)('PaperExchange, SQL through %s', (name) => {
  beforeAll(() => {
    backend = name;
  });
  it('fills a market buy at the sim price with slippage and fee, and a restarted worker sees the same account', async () => {
    const { sim, paper, accountId } = world();
    const ex = paper();
    const ticker = await sim.fetchTicker('BTC/USDT');
    const order = await ex.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: 0.5,
      clientOrderId: 'buy-1',
    });
    expect(order.status).toBe('closed');
    expect(order.average!).toBeCloseTo(ticker.ask! * 1.0005, 1);
    expect(order.fee.cost).toBeCloseTo(order.cost * 0.001, 6);

    const restarted = new PaperExchange({
      prisma: other,
      ...sqlFor(other),
      accountId,
      priceSource: sim,
      initialBalances: { USDT: 1 },
    });
    const balance = await restarted.fetchBalance();
    expect(balance.BTC.total).toBeCloseTo(0.5, 10);
    expect(balance.USDT.total).toBeCloseTo(100_000 - order.cost - order.fee.cost, 6); // not the 1 USDT it was constructed with
    const again = await restarted.fetchOrder(order.id, 'BTC/USDT');
    expect(again).toMatchObject({ status: 'closed', clientOrderId: 'buy-1', filled: 0.5 });
    expect(again.fills).toHaveLength(1);
    expect(await restarted.fetchOrderByClientId('buy-1', 'BTC/USDT')).toMatchObject({ id: order.id });
  });

  it('an order larger than its share of the candle volume fills over several candles, across a restart', async () => {
    const { wall, sim, paper, accountId } = world();
    // A share small enough that three candles' worth stays within the account's 100 000 USDT.
    const share = 0.002;
    const ex = paper(prisma, { slippageBps: 5, volumeShare: share });
    const [last] = (await sim.fetchOHLCV('BTC/USDT', '1m', undefined, 1)).slice(-1);
    const amount = Math.round(last[5] * share * 3 * 1000) / 1000; // about three candles' worth
    const order = await ex.createOrder({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount,
      clientOrderId: 'big',
    });
    expect(order.status).toBe('open');
    expect(order.filled).toBeGreaterThan(0);
    expect(order.filled).toBeLessThan(amount);
    wall.t += 1000;
    // A new process picks the account up and keeps filling the same order on the next candles.
    const restarted = new PaperExchange({ prisma: other, ...sqlFor(other), accountId, priceSource: sim });
    let now = await restarted.fetchOrder(order.id, 'BTC/USDT');
    for (let i = 0; i < 20 && now.status === 'open'; i++) {
      wall.t += 1000;
      now = await restarted.fetchOrder(order.id, 'BTC/USDT');
    }
    expect(now.status).toBe('closed');
    expect(now.filled).toBeCloseTo(amount, 10);
    const fills = await prisma.paperFill.findMany({ where: { accountId } });
    expect(fills.length).toBeGreaterThanOrEqual(3);
    expect(fills.reduce((s, f) => s + Number(f.amount), 0)).toBeCloseTo(amount, 10);
    expect((await restarted.fetchBalance()).BTC.total).toBeCloseTo(amount, 10);
  });

  it('a resting limit fills later as maker when the sim price crosses it', async () => {
    const { wall, sim, paper } = world();
    const ex = paper();
    const last = (await sim.fetchTicker('ETH/USDT')).last;
    const limit = Math.round(last * 0.998 * 100) / 100;
    const order = await ex.createOrder({
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'limit',
      amount: 1,
      price: limit,
      clientOrderId: 'lim-1',
    });
    expect(order.status).toBe('open');
    expect((await ex.fetchBalance()).USDT.used).toBeCloseTo(limit * 1.001, 6);
    let filled = order;
    for (let minute = 0; minute < 600 && filled.status === 'open'; minute++) {
      wall.t += 1000;
      filled = await ex.fetchOrder(order.id, 'ETH/USDT');
    }
    expect(filled.status).toBe('closed');
    expect(filled.fills![0]).toMatchObject({ price: limit, takerOrMaker: 'maker' });
    const candles = await sim.fetchOHLCV('ETH/USDT', '1m', filled.fills![0].timestamp - MIN + 1, 1);
    expect(candles[0][3]).toBeLessThan(limit); // the candle it filled on did trade below the limit
    expect(await ex.fetchOpenOrders('ETH/USDT')).toHaveLength(0);
  });

  it('rejects a duplicate clientOrderId, also once the first order is closed and across processes', async () => {
    const { paper } = world();
    const a = paper();
    const b = paper(other);
    await a.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01, clientOrderId: 'dup' });
    expect(
      await kindOf(
        a.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01, clientOrderId: 'dup' }),
      ),
    ).toBe('duplicate_order');
    expect(
      await kindOf(
        b.createOrder({
          symbol: 'BTC/USDT',
          side: 'sell',
          type: 'limit',
          price: 1e6,
          amount: 0.01,
          clientOrderId: 'dup',
        }),
      ),
    ).toBe('duplicate_order');
    // Racing: both pass the look-up before either saves; the database's unique key decides.
    const race = await Promise.allSettled(
      [a, b].map((ex) =>
        ex.createOrder({
          symbol: 'BTC/USDT',
          side: 'buy',
          type: 'limit',
          price: 1000,
          amount: 0.01,
          clientOrderId: 'race',
        }),
      ),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as ExchangeError).kind).toBe('duplicate_order');
  });

  it('two processes placing orders at once never lose an update', async () => {
    const { paper, accountId } = world();
    const a = paper();
    const b = paper(other);
    await a.fetchBalance(); // create the account first
    const place = (ex: PaperExchange, tag: string, i: number) =>
      ex.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01, clientOrderId: `${tag}-${i}` });
    const orders = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => place(a, 'a', i)),
      ...Array.from({ length: 6 }, (_, i) => place(b, 'b', i)),
    ]);
    expect(new Set(orders.map((o) => o.id)).size).toBe(12);
    const rows = await prisma.paperOrder.findMany({ where: { accountId } });
    expect(rows).toHaveLength(12);
    const spent = orders.reduce((s, o) => s + o.cost + o.fee.cost, 0);
    const balance = await b.fetchBalance();
    expect(balance.BTC.total).toBeCloseTo(0.12, 10);
    expect(balance.USDT.total).toBeCloseTo(100_000 - spent, 6);
  });

  it('an account kept in memory is read again once another process changed it or the row was replaced', async () => {
    const { paper, accountId } = world();
    const a = paper();
    const b = paper(other);
    const before = await a.fetchBalance(); // a now keeps the account
    expect(before.BTC?.total ?? 0).toBe(0);
    await b.createOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.25, clientOrderId: 'from-b' });
    const after = await a.fetchBalance();
    expect(after.BTC.total).toBeCloseTo(0.25, 10); // b's write, not a's stale copy
    expect(after.USDT.total).toBeLessThan(before.USDT.total);
    // A change made outside any PaperExchange (same version number, new row) is noticed too.
    const row = await prisma.paperAccount.findUniqueOrThrow({ where: { id: accountId } });
    await prisma.paperAccount.delete({ where: { id: accountId } });
    await prisma.paperAccount.create({
      data: {
        id: accountId,
        quoteCurrency: 'USDT',
        state: row.state as object,
        version: row.version,
        createdAt: new Date(row.createdAt.getTime() + 1),
      },
    });
    const state = row.state as { engine: { balances: Record<string, number> } };
    await prisma.paperAccount.update({
      where: { id: accountId },
      data: {
        state: {
          ...(row.state as object),
          engine: { ...state.engine, balances: { ...state.engine.balances, BTC: 7 } },
        },
      },
    });
    expect((await a.fetchBalance()).BTC.total).toBe(7);
  });

  it("reports the price source's open interest on the perp and none on spot", async () => {
    const { sim, paper } = world(5);
    const ex = paper();
    expect(ex.has.fetchOpenInterest).toBe(true);
    expect(await ex.fetchOpenInterest!('BTC/USDT:USDT')).toEqual(await sim.fetchOpenInterest('BTC/USDT:USDT'));
    expect(await kindOf(ex.fetchOpenInterest!('BTC/USDT'))).toBe('not_supported');
  });

  it('is short of margin with insufficient_funds; leverage and exchange-side stops work on the perp', async () => {
    const { wall, sim, paper } = world(11);
    const ex = paper();
    const symbol = 'BTC/USDT:USDT';
    const price = (await sim.fetchTicker(symbol)).last;
    expect(
      await kindOf(ex.createOrder({ symbol, side: 'buy', type: 'market', amount: 3, clientOrderId: 'too-big' })),
    ).toBe('insufficient_funds');
    await ex.setLeverage(symbol, 5);
    const entry = await ex.createOrder({ symbol, side: 'buy', type: 'market', amount: 3, clientOrderId: 'entry' });
    expect(entry.status).toBe('closed');
    const [pos] = await ex.fetchPositions([symbol]);
    expect(pos).toMatchObject({ side: 'long', leverage: 5, contracts: 3 });
    const stop = await ex.createProtectionOrder({
      symbol,
      kind: 'stop_loss',
      side: 'sell',
      amount: 3,
      triggerPrice: price * 0.999,
      clientOrderId: 'sl',
      reduceOnly: true,
    });
    const take = await ex.createProtectionOrder({
      symbol,
      kind: 'take_profit',
      side: 'sell',
      amount: 3,
      triggerPrice: price * 1.001,
      clientOrderId: 'tp',
      reduceOnly: true,
    });
    let positions = [pos];
    for (let minute = 0; minute < 600 && positions.length > 0; minute++) {
      wall.t += 1000;
      positions = await ex.fetchPositions([symbol]);
    }
    expect(positions).toHaveLength(0);
    const [s, t] = [await ex.fetchOrder(stop.id, symbol), await ex.fetchOrder(take.id, symbol)];
    expect([s.status, t.status].sort()).toEqual(['canceled', 'closed']); // one fired, the other was cancelled with the position
  });

  it('keeps a trailing stop on the perp: its trigger only rises with the candles, and the stored order keeps the last one', async () => {
    const { wall, sim, paper } = world(13);
    const ex = paper();
    expect(ex.has.trailingStopOrders).toBe(true);
    const symbol = 'BTC/USDT:USDT';
    const price = (await sim.fetchTicker(symbol)).last;
    await ex.setLeverage(symbol, 5);
    await ex.createOrder({ symbol, side: 'buy', type: 'market', amount: 1, clientOrderId: 'entry' });
    const placed = await ex.createProtectionOrder({
      symbol,
      kind: 'trailing_stop',
      side: 'sell',
      amount: 1,
      triggerPrice: price * 0.998,
      trailingPercent: 0.2,
      clientOrderId: 'trail',
      reduceOnly: true,
    });
    expect(placed).toMatchObject({ type: 'trailing_stop_market', trailingPercent: 0.2, status: 'open' });
    const seen = [placed.triggerPrice!];
    let order = placed;
    for (let minute = 0; minute < 600 && order.status === 'open'; minute++) {
      wall.t += 1000;
      order = await ex.fetchOrder(placed.id, symbol);
      if (order.status === 'open') seen.push(order.triggerPrice!);
    }
    expect(order.status).toBe('closed');
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
    const last = seen[seen.length - 1];
    expect(last).toBeGreaterThan(seen[0]);
    expect(order.triggerPrice!).toBeGreaterThanOrEqual(last);
    expect(order.average!).toBeLessThanOrEqual(order.triggerPrice!);
    // The account has pruned the closed order: this read comes from the order table, which keeps the level it fired at.
    const stored = await ex.fetchOrder(placed.id, symbol);
    expect(stored).toMatchObject({ type: 'trailing_stop_market', status: 'closed' });
    expect(stored.triggerPrice!).toBeCloseTo(order.triggerPrice!, 6);
    expect(await ex.fetchPositions([symbol])).toHaveLength(0);
  });
});
