// What sessions did: decisions (with agent signals, risk verdict, orders and the workflow link),
// orders, trades, positions and the equity series, filtered and paged.
import { z } from 'zod';
import { temporalUiLink } from '../../infra/adapters/temporal-ui-link';
import type { GatewayData } from '../data/gateway-data';
import { drawdownPct, equityFigures } from '../../infra/services/ledger/equity-figures';
import { equitySeries, listPositions, listTrades } from '../../infra/services/ledger/ledger-reads';
import { NotFoundError } from '../../core/errors';
import { pageArgs, pageSchema, toPage } from '../http/pagination';
import { plainJson } from '../http/plain-json';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import { idParams } from '../schemas/common';
import {
  Decision,
  DecisionDetail,
  EquityPoint,
  EquityQuery,
  EquitySummary,
  ListDecisionsQuery,
  ListOrdersQuery,
  ListPositionsQuery,
  ListTradesQuery,
  Order,
  Position,
  Trade,
} from '../schemas/ledger-schemas';

const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
const strip = <T extends Record<string, unknown>>(o: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

export function ledgerRoutes(data: GatewayData): RouteSpec[] {
  const { prisma } = data;
  const plain = (r: object) => plainJson(r) as Record<string, unknown>;
  return [
    defineRoute({
      method: 'get',
      path: '/decisions',
      tag: 'decisions',
      summary: 'decisions, newest first',
      query: ListDecisionsQuery,
      response: pageSchema(Decision),
      async handler({ query: q }) {
        const rows = await prisma.decision.findMany({
          where: { sessionId: q.sessionId, symbol: q.symbol, action: q.action },
          orderBy: newestFirst,
          ...pageArgs(q),
        });
        return { body: toPage(rows, q.limit, plain) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/decisions/:id',
      tag: 'decisions',
      summary: "one decision: each agent's signal, the reasoning, the risk verdict, the orders, the workflow",
      params: idParams,
      response: z.object({ decision: DecisionDetail }),
      errors: [404],
      async handler({ params }) {
        const row = await prisma.decision.findUnique({
          where: { id: params.id },
          include: { signals: { orderBy: { agent: 'asc' } } },
        });
        if (!row) throw new NotFoundError(`no decision "${params.id}"`);
        const orders = await prisma.order.findMany({ where: { decisionId: row.id }, orderBy: { createdAt: 'asc' } });
        const decision = {
          ...plain(row),
          // Stored as text; the agents' direction is a number in [-1, 1].
          signals: row.signals.map((s) => ({
            ...strip(plain(s), 'id', 'decisionId', 'createdAt'),
            direction: Number(s.direction),
          })),
          orders: orders.map(plain),
          // The decision's id is its tradingCycle workflow id.
          workflowId: row.id,
          temporalUiUrl: temporalUiLink(data.temporalUiUrl, data.namespace, row.id),
        };
        return { body: { decision } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders',
      tag: 'orders',
      summary: 'orders, newest first',
      query: ListOrdersQuery,
      response: pageSchema(Order),
      async handler({ query: q }) {
        const rows = await prisma.order.findMany({
          where: { sessionId: q.sessionId, decisionId: q.decisionId, symbol: q.symbol, status: q.status },
          orderBy: newestFirst,
          ...pageArgs(q),
        });
        return { body: toPage(rows, q.limit, plain) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/trades',
      tag: 'trades',
      summary: 'trades, newest first',
      query: ListTradesQuery,
      response: pageSchema(Trade),
      async handler({ query: q }) {
        const rows = await listTrades(prisma, q, pageArgs(q));
        return {
          body: toPage(rows, q.limit, (r) => strip(plain(r), 'strategyId', 'entryOrderId', 'exitOrderId', 'createdAt')),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/positions',
      tag: 'positions',
      summary: 'positions (open by default) with unrealised PnL',
      query: ListPositionsQuery,
      response: pageSchema(Position),
      async handler({ query: q }) {
        const rows = await listPositions(prisma, q, pageArgs(q));
        return { body: toPage(rows, q.limit, plain) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equity',
      tag: 'equity',
      summary: "a session's equity series (oldest first) with drawdown, PnL today and total",
      query: EquityQuery,
      response: z.object({ points: z.array(EquityPoint), summary: EquitySummary }),
      async handler({ query: q }) {
        // The newest `limit` points, returned oldest first.
        const rows = await equitySeries(prisma, q);
        const equity = rows.map((r) => r.equity.toNumber());
        const dd = drawdownPct(equity);
        const points = rows.map((r, i) => ({
          time: r.time.toISOString(),
          equity: equity[i],
          cash: r.cash.toNumber(),
          unrealizedPnl: r.unrealizedPnl.toNumber(),
          realizedPnl: r.realizedPnl.toNumber(),
          drawdownPct: dd[i],
        }));
        return {
          body: {
            points,
            summary: equityFigures(
              rows.map((r) => r.time.getTime()),
              equity,
            ),
          },
        };
      },
    }),
  ];
}
