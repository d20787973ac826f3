// Persistence of paper accounts: one PaperAccount row holds the engine state (Json) and a version;
// every change is written in one transaction guarded by that version (optimistic concurrency), so a
// restarted worker reloads the same account and two processes can never interleave half-changes.
import { ExchangeError, type Fill, type Order } from '../../core/exchange/types';
import type { PaperConfig, PaperFillEvent, PaperOrder, PaperState } from '../../core/paper';
import { Prisma, type PrismaClient } from '../db';

export interface StoredAccount {
  state: PaperState;
  config: PaperConfig;
  version: number;
}

/** Another process changed the account between our read and our write: reload and redo. */
export class VersionConflict extends Error {
  constructor(accountId: string, version: number) {
    super(`paper account ${accountId} changed since version ${version}`);
    this.name = 'VersionConflict';
  }
}

const num = (d: Prisma.Decimal | null | undefined): number | undefined => (d === null || d === undefined ? undefined : Number(d.toString()));

export class PaperStore {
  constructor(
    private readonly prisma: PrismaClient,
    readonly accountId: string,
  ) {}

  async load(): Promise<StoredAccount | undefined> {
    const row = await this.prisma.paperAccount.findUnique({ where: { id: this.accountId } });
    if (!row) return undefined;
    const data = row.state as unknown as { engine?: PaperState; config?: PaperConfig };
    if (!data?.engine || !data.config) throw new Error(`paper account ${this.accountId}: stored state is not a paper engine state`);
    return { state: data.engine, config: data.config, version: row.version };
  }

  /** Creates the account if no process has yet; either way returns what is stored. */
  async loadOrCreate(initial: () => { state: PaperState; config: PaperConfig }): Promise<StoredAccount> {
    const existing = await this.load();
    if (existing) return existing;
    const { state, config } = initial();
    await this.prisma.paperAccount.createMany({
      data: [{ id: this.accountId, quoteCurrency: state.quoteCurrency, state: { engine: state, config } as unknown as Prisma.InputJsonValue, version: 0 }],
      skipDuplicates: true,
    });
    return (await this.load())!;
  }

  async clientOrderIdExists(clientOrderId: string): Promise<boolean> {
    const row = await this.prisma.paperOrder.findUnique({ where: { accountId_clientOrderId: { accountId: this.accountId, clientOrderId } }, select: { id: true } });
    return row !== null;
  }

  async findOrder(where: { id: string } | { clientOrderId: string }): Promise<Order | undefined> {
    const row = await this.prisma.paperOrder.findFirst({
      where: { accountId: this.accountId, ...where },
      include: { fills: { orderBy: { time: 'asc' } } },
    });
    if (!row) return undefined;
    const fills: Fill[] = row.fills.map((f) => ({
      price: num(f.price)!,
      amount: num(f.amount)!,
      fee: num(f.fee)!,
      feeCurrency: f.feeCurrency ?? '',
      takerOrMaker: f.takerOrMaker as Fill['takerOrMaker'],
      timestamp: f.time.getTime(),
    }));
    const filled = num(row.filled)!;
    return {
      id: row.id,
      clientOrderId: row.clientOrderId,
      symbol: row.symbol,
      side: row.side as Order['side'],
      type: row.type as Order['type'],
      status: row.status as Order['status'],
      price: num(row.price),
      triggerPrice: num(row.triggerPrice),
      amount: num(row.amount)!,
      filled,
      remaining: num(row.remaining)!,
      average: num(row.average),
      cost: fills.reduce((s, f) => s + f.price * f.amount, 0),
      fee: { cost: num(row.fee)!, currency: row.feeCurrency ?? '' },
      reduceOnly: row.reduceOnly,
      timestamp: row.createdAt.getTime(),
      fills,
    };
  }

  /**
   * Writes the new state, the orders that changed and the new fills, all or nothing. Throws
   * VersionConflict when another process wrote first, ExchangeError('duplicate_order') when a
   * clientOrderId is already taken.
   */
  async save(version: number, state: PaperState, config: PaperConfig, orders: PaperOrder[], fills: PaperFillEvent[]): Promise<number> {
    try {
      await this.prisma.$transaction(async (tx) => {
        const updated = await tx.paperAccount.updateMany({
          where: { id: this.accountId, version },
          data: { state: { engine: state, config } as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
        });
        if (updated.count !== 1) throw new VersionConflict(this.accountId, version);
        for (const o of orders) {
          const fields = {
            status: o.status,
            filled: o.filled,
            remaining: Math.max(0, o.amount - o.filled),
            average: o.filled > 0 ? o.cost / o.filled : null,
            fee: o.fee,
            amount: o.amount,
          };
          await tx.paperOrder.upsert({
            where: { id: o.id },
            update: fields,
            create: {
              ...fields,
              id: o.id,
              accountId: this.accountId,
              clientOrderId: o.clientOrderId,
              symbol: o.symbol,
              side: o.side,
              type: o.type,
              price: o.price ?? null,
              triggerPrice: o.triggerPrice ?? null,
              reduceOnly: o.reduceOnly,
              feeCurrency: state.quoteCurrency,
              createdAt: new Date(o.timestamp),
            },
          });
        }
        if (fills.length > 0) {
          await tx.paperFill.createMany({
            data: fills.map((f) => ({
              orderId: f.orderId,
              accountId: this.accountId,
              price: f.price,
              amount: f.amount,
              fee: f.fee,
              feeCurrency: f.feeCurrency,
              takerOrMaker: f.takerOrMaker,
              time: new Date(f.timestamp),
            })),
          });
        }
      });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw new ExchangeError('duplicate_order', 'paper', `duplicate clientOrderId: ${orders.map((o) => o.clientOrderId).join(', ')} already used on account ${this.accountId}`);
      }
      throw e;
    }
    return version + 1;
  }
}
