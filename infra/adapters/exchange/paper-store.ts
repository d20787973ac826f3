// Persistence of paper accounts: one PaperAccount row holds the engine state (Json) and a version;
// every change is written in one statement guarded by that version (optimistic concurrency), so a
// restarted worker reloads the same account and two processes can never interleave half-changes.
// Hand-written SQL: every paper call reads the account, and Prisma's query compiler cost several
// times the round trip in worker CPU. The state last read is kept and reused while the row's
// version (and creation time) show nobody changed it, so most reads move a few bytes, not the state.
import { randomUUID } from 'node:crypto';
import { ExchangeError, type Fill, type Order } from '../../../core/exchange/types';
import type { PaperConfig, PaperFillEvent, PaperOrder, PaperState } from '../../../core/paper';
import { isUniqueViolation, Prisma, sqlTable, type Sql } from '../db';

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

const n = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

interface OrderRow {
  id: string;
  client_order_id: string;
  symbol: string;
  side: string;
  type: string;
  status: string;
  price: string | null;
  trigger_price: string | null;
  amount: string;
  filled: string;
  remaining: string;
  average: string | null;
  fee: string;
  fee_currency: string | null;
  reduce_only: boolean;
  created_at: Date;
  fills: {
    price: number;
    amount: number;
    fee: number;
    fee_currency: string | null;
    taker_or_maker: string;
    time: number;
  }[];
}

export class PaperStore {
  private cached: (StoredAccount & { createdAt: number }) | undefined;
  private readonly table: (name: string) => Prisma.Sql;

  constructor(
    private readonly sql: Sql,
    readonly accountId: string,
    /** The database schema of our tables when not the connection's default (`?schema=` of the URL). */
    schema?: string,
  ) {
    this.table = (name) => sqlTable(schema, name);
  }

  async load(): Promise<StoredAccount | undefined> {
    const known = this.cached;
    // The state only travels when it differs from the one kept here.
    const rows = await this.sql.rows<{ version: number; created_at: Date; state: string | null }>(Prisma.sql`
      SELECT version, created_at,
        CASE WHEN version = ${known?.version ?? -1} AND created_at = ${new Date(known?.createdAt ?? 0)} THEN NULL ELSE state::text END AS state
      FROM ${this.table('paper_accounts')} WHERE id = ${this.accountId}`);
    const row = rows[0];
    if (!row) {
      this.cached = undefined;
      return undefined;
    }
    if (row.state === null && known) return known;
    return this.remember(row.state, row.version, row.created_at);
  }

  private remember(stateText: string | null, version: number, createdAt: Date): StoredAccount {
    const data = JSON.parse(stateText ?? 'null') as { engine?: PaperState; config?: PaperConfig } | null;
    if (!data?.engine || !data.config)
      throw new Error(`paper account ${this.accountId}: stored state is not a paper engine state`);
    this.cached = { state: data.engine, config: data.config, version, createdAt: createdAt.getTime() };
    return this.cached;
  }

  /** Creates the account if no process has yet; either way returns what is stored. */
  async loadOrCreate(initial: () => { state: PaperState; config: PaperConfig }): Promise<StoredAccount> {
    const existing = await this.load();
    if (existing) return existing;
    const { state, config } = initial();
    // Another process may create it at the same moment: the first insert wins, both read it back.
    await this.sql.rows(Prisma.sql`
      INSERT INTO ${this.table('paper_accounts')} (id, quote_currency, state, version, created_at, updated_at)
      VALUES (${this.accountId}, ${state.quoteCurrency}, ${JSON.stringify({ engine: state, config })}::jsonb, 0, NOW(), NOW())
      ON CONFLICT (id) DO NOTHING`);
    return (await this.load())!;
  }

  async clientOrderIdExists(clientOrderId: string): Promise<boolean> {
    const rows = await this.sql.rows<unknown>(Prisma.sql`
      SELECT 1 FROM ${this.table('paper_orders')} WHERE account_id = ${this.accountId} AND client_order_id = ${clientOrderId}`);
    return rows.length > 0;
  }

  async findOrder(where: { id: string } | { clientOrderId: string }): Promise<Order | undefined> {
    const match =
      'id' in where ? Prisma.sql`o.id = ${where.id}` : Prisma.sql`o.client_order_id = ${where.clientOrderId}`;
    // Numbers leave PostgreSQL as text and become the same doubles Number(decimal) gave.
    const rows = await this.sql.rows<OrderRow>(Prisma.sql`
      SELECT o.id, o.client_order_id, o.symbol, o.side, o.type, o.status, o.price::text AS price, o.trigger_price::text AS trigger_price,
        o.amount::text AS amount, o.filled::text AS filled, o.remaining::text AS remaining, o.average::text AS average, o.fee::text AS fee,
        o.fee_currency, o.reduce_only, o.created_at,
        COALESCE((SELECT json_agg(json_build_object('price', f.price, 'amount', f.amount, 'fee', f.fee, 'fee_currency', f.fee_currency,
          'taker_or_maker', f.taker_or_maker, 'time', (extract(epoch FROM f.time) * 1000)::bigint) ORDER BY f.time)
          FROM ${this.table('paper_fills')} f WHERE f.order_id = o.id), '[]'::json) AS fills
      FROM ${this.table('paper_orders')} o WHERE o.account_id = ${this.accountId} AND ${match} LIMIT 1`);
    const row = rows[0];
    if (!row) return undefined;
    const fills: Fill[] = (
      typeof row.fills === 'string' ? (JSON.parse(row.fills) as OrderRow['fills']) : row.fills
    ).map((f) => ({
      price: Number(f.price),
      amount: Number(f.amount),
      fee: Number(f.fee),
      feeCurrency: f.fee_currency ?? '',
      takerOrMaker: f.taker_or_maker as Fill['takerOrMaker'],
      timestamp: Number(f.time),
    }));
    return {
      id: row.id,
      clientOrderId: row.client_order_id,
      symbol: row.symbol,
      side: row.side as Order['side'],
      type: row.type as Order['type'],
      status: row.status as Order['status'],
      price: n(row.price),
      triggerPrice: n(row.trigger_price),
      amount: Number(row.amount),
      filled: Number(row.filled),
      remaining: Number(row.remaining),
      average: n(row.average),
      cost: fills.reduce((s, f) => s + f.price * f.amount, 0),
      fee: { cost: Number(row.fee), currency: row.fee_currency ?? '' },
      reduceOnly: row.reduce_only,
      timestamp: row.created_at.getTime(),
      fills,
    };
  }

  /**
   * Writes the new state, the orders that changed and the new fills, all or nothing (one statement).
   * Throws VersionConflict when another process wrote first, ExchangeError('duplicate_order') when a
   * clientOrderId is already taken.
   */
  async save(
    version: number,
    state: PaperState,
    config: PaperConfig,
    orders: PaperOrder[],
    fills: PaperFillEvent[],
  ): Promise<number> {
    const stateText = JSON.stringify({ engine: state, config });
    // Orders and fills are written only when the guarded account update matched (joined on `acct`).
    const orderRows = orders.map(
      (o) =>
        Prisma.sql`(${o.id}, ${o.clientOrderId}, ${o.symbol}, ${o.side}, ${o.type}, ${o.price ?? null}::numeric, ${o.triggerPrice ?? null}::numeric,
          ${o.amount}::numeric, ${o.filled}::numeric, ${Math.max(0, o.amount - o.filled)}::numeric, ${o.filled > 0 ? o.cost / o.filled : null}::numeric,
          ${o.status}, ${o.reduceOnly}::boolean, ${o.fee}::numeric, ${new Date(o.timestamp)}::timestamptz)`,
    );
    const fillRows = fills.map(
      (f) =>
        Prisma.sql`(${randomUUID()}, ${f.orderId}, ${f.price}::numeric, ${f.amount}::numeric, ${f.fee}::numeric, ${f.feeCurrency}, ${f.takerOrMaker}, ${new Date(f.timestamp)}::timestamptz)`,
    );
    const ordersCte = orderRows.length
      ? Prisma.sql`, ord AS (
          INSERT INTO ${this.table('paper_orders')} (id, account_id, client_order_id, symbol, side, type, price, trigger_price, amount, filled, remaining,
            average, status, reduce_only, fee, fee_currency, created_at, updated_at)
          SELECT v.id, acct.id, v.cid, v.symbol, v.side, v.type, v.price, v.trigger_price, v.amount, v.filled, v.remaining,
            v.average, v.status, v.reduce_only, v.fee, ${state.quoteCurrency}, v.created_at, NOW()
          FROM (VALUES ${Prisma.join(orderRows)}) AS v(id, cid, symbol, side, type, price, trigger_price, amount, filled, remaining, average, status, reduce_only, fee, created_at)
          CROSS JOIN acct
          ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, filled = EXCLUDED.filled, remaining = EXCLUDED.remaining,
            average = EXCLUDED.average, fee = EXCLUDED.fee, amount = EXCLUDED.amount, trigger_price = EXCLUDED.trigger_price,
            updated_at = NOW()
          RETURNING 1)`
      : Prisma.empty;
    const fillsCte = fillRows.length
      ? Prisma.sql`, fl AS (
          INSERT INTO ${this.table('paper_fills')} (id, order_id, account_id, price, amount, fee, fee_currency, taker_or_maker, time)
          SELECT v.id, v.order_id, acct.id, v.price, v.amount, v.fee, v.fee_currency, v.taker_or_maker, v.time
          FROM (VALUES ${Prisma.join(fillRows)}) AS v(id, order_id, price, amount, fee, fee_currency, taker_or_maker, time)
          CROSS JOIN acct
          RETURNING 1)`
      : Prisma.empty;
    let rows: { created_at: Date; state: string }[];
    try {
      rows = await this.sql.rows<{ created_at: Date; state: string }>(Prisma.sql`
        WITH acct AS (
          UPDATE ${this.table('paper_accounts')} SET state = ${stateText}::jsonb, version = version + 1, updated_at = NOW()
          WHERE id = ${this.accountId} AND version = ${version}
          RETURNING id, created_at, state
        )${ordersCte}${fillsCte}
        SELECT created_at, state::text AS state FROM acct`);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ExchangeError(
          'duplicate_order',
          'paper',
          `duplicate clientOrderId: ${orders.map((o) => o.clientOrderId).join(', ')} already used on account ${this.accountId}`,
        );
      }
      throw e;
    }
    if (rows.length !== 1) throw new VersionConflict(this.accountId, version);
    // Kept as PostgreSQL stored it (jsonb orders keys its own way), the same state a reload would give.
    this.remember(rows[0].state, version + 1, rows[0].created_at);
    return version + 1;
  }
}
