import { createPrisma, migrateDeploy, Prisma, type PrismaClient } from '../../../infra/adapters/db';
import { createFreshDatabase, type FreshDatabase } from './fresh-database';

// The CLI and database work below can take seconds on a loaded machine; the project-level
// testTimeout is not applied by jest 30, so set it here.
jest.setTimeout(120_000);

describe('PrismaClient over the wrapped pg adapter', () => {
  let db: FreshDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createFreshDatabase('ot_client');
    await migrateDeploy(db.url);
    prisma = createPrisma(db.url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('refuses to start without a URL and names DATABASE_URL', () => {
    expect(() => createPrisma('')).toThrow(/DATABASE_URL/);
  });

  it('round-trips Decimal values exactly (no float rounding), with Json and enums', async () => {
    const price = '64123.123456789012345678';
    const amount = '0.00000001';
    const fee = '123456789012345678901234.5';
    const order = await prisma.order.create({
      data: {
        clientOrderId: 'ot-decimal-1',
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        status: 'open',
        price,
        amount,
        fee,
        mode: 'paper',
        purpose: 'stop_loss',
      },
    });
    const read = await prisma.order.findUniqueOrThrow({ where: { clientOrderId: order.clientOrderId } });
    expect(read.price).toBeInstanceOf(Prisma.Decimal);
    expect(read.price?.toString()).toBe(price);
    expect(read.amount.toString()).toBe('1e-8'); // Decimal.js prints tiny values in exponent form
    expect(read.amount.equals(new Prisma.Decimal(amount))).toBe(true);
    expect(read.fee.toFixed()).toBe(fee);
    expect(read.purpose).toBe('stop_loss');
    // 0.1 + 0.2 in the database stays 0.3, unlike JS numbers.
    const sum = await prisma.$queryRaw<{ s: Prisma.Decimal }[]>`SELECT (0.1::numeric + 0.2::numeric) AS s`;
    expect(sum[0].s.toString()).toBe('0.3');

    const strategy = await prisma.strategy.create({
      data: {
        name: 'sma-cross',
        version: 1,
        type: 'technical',
        parameters: { fast: 9, slow: 21, nested: { on: true } },
      },
    });
    expect(strategy.status).toBe('draft');
    expect(strategy.parameters).toEqual({ fast: 9, slow: 21, nested: { on: true } });
  });

  it('makes order upserts idempotent on clientOrderId', async () => {
    const upsert = (status: string, filled: string) =>
      prisma.order.upsert({
        where: { clientOrderId: 'ot-idem-1' },
        create: {
          clientOrderId: 'ot-idem-1',
          symbol: 'ETH/USDT',
          side: 'sell',
          type: 'market',
          status,
          amount: '2',
          filled,
          mode: 'live',
        },
        update: { status, filled },
      });
    await upsert('open', '0');
    await upsert('closed', '2');
    const rows = await prisma.order.findMany({ where: { clientOrderId: 'ot-idem-1' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'closed' });
    expect(rows[0].filled.toString()).toBe('2');

    await expect(
      prisma.order.create({
        data: {
          clientOrderId: 'ot-idem-1',
          symbol: 'ETH/USDT',
          side: 'sell',
          type: 'market',
          status: 'open',
          amount: '1',
          mode: 'live',
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('makes candle writes idempotent on (exchange, symbol, timeframe, time)', async () => {
    const time = new Date('2026-11-01T00:00:00.000Z');
    const candle = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', time };
    const ohlcv = (close: string) => ({ open: '100.5', high: '101', low: '99.25', close, volume: '12.345678' });
    const key = { exchange_symbol_timeframe_time: candle };
    await prisma.candle.upsert({ where: key, create: { ...candle, ...ohlcv('100.75') }, update: ohlcv('100.75') });
    await prisma.candle.upsert({ where: key, create: { ...candle, ...ohlcv('100.80') }, update: ohlcv('100.80') });
    const inserted = await prisma.candle.createMany({
      data: [
        { ...candle, ...ohlcv('1') }, // duplicate key: skipped
        { ...candle, time: new Date(time.getTime() + 3_600_000), ...ohlcv('101') },
      ],
      skipDuplicates: true,
    });
    expect(inserted.count).toBe(1);
    const rows = await prisma.candle.findMany({
      where: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      orderBy: { time: 'asc' },
    });
    expect(rows.map((r) => [r.time.toISOString(), r.close.toString()])).toEqual([
      ['2026-11-01T00:00:00.000Z', '100.8'],
      ['2026-11-01T01:00:00.000Z', '101'],
    ]);
  });

  it('supports optimistic concurrency on paper accounts through the version column', async () => {
    await prisma.paperAccount.create({
      data: { id: 'paper-1', quoteCurrency: 'USDT', state: { balances: { USDT: '1000' } } },
    });
    const bump = (fromVersion: number, usdt: string) =>
      prisma.paperAccount.updateMany({
        where: { id: 'paper-1', version: fromVersion },
        data: { state: { balances: { USDT: usdt } }, version: { increment: 1 } },
      });
    expect((await bump(0, '900')).count).toBe(1);
    expect((await bump(0, '800')).count).toBe(0); // a writer holding a stale version loses
    const account = await prisma.paperAccount.findUniqueOrThrow({ where: { id: 'paper-1' } });
    expect(account).toMatchObject({ version: 1, state: { balances: { USDT: '900' } } });
  });

  it('runs interactive transactions and rolls them back on error', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.reconciliationEvent.create({ data: { kind: 'orphan_order', details: { id: 'x' } } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await prisma.reconciliationEvent.count()).toBe(0);
  });

  it('reads catalog columns of type name and "char" (adapter defect 1)', async () => {
    const rows = await prisma.$queryRaw<{ relname: string; relkind: string }[]>`
      SELECT relname, relkind FROM pg_class WHERE relname = 'candles'`;
    expect(rows).toEqual([{ relname: 'candles', relkind: 'r' }]);
  });
});
