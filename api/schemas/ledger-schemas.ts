import { z } from 'zod';
import { pageQuery } from '../http/pagination';
import { isoTime, jsonObject, msQuery, nullableTime, temporalUiUrl } from './common';

const id = z.string().min(1).max(200);
const symbolFilter = z.string().min(1).max(40);
const num = z.number();
const nnum = z.number().nullable();

export const ListDecisionsQuery = z
  .object({
    sessionId: id.optional(),
    symbol: symbolFilter.optional(),
    action: z.enum(['BUY', 'SELL', 'HOLD']).optional(),
    ...pageQuery,
  })
  .strict();
export const ListOrdersQuery = z
  .object({
    sessionId: id.optional(),
    decisionId: id.optional(),
    symbol: symbolFilter.optional(),
    status: z.enum(['open', 'closed', 'canceled', 'expired', 'rejected']).optional(),
    ...pageQuery,
  })
  .strict();
export const ListTradesQuery = z
  .object({
    sessionId: id.optional(),
    symbol: symbolFilter.optional(),
    status: z.enum(['open', 'closed']).optional(),
    ...pageQuery,
  })
  .strict();
export const ListPositionsQuery = z
  .object({ sessionId: id.optional(), status: z.enum(['open', 'closed', 'all']).default('open'), ...pageQuery })
  .strict();
export const EquityQuery = z
  .object({
    sessionId: id,
    fromMs: msQuery.optional(),
    toMs: msQuery.optional(),
    limit: z.coerce.number().int().min(1).max(20_000).default(5000),
  })
  .strict()
  .refine((q) => q.fromMs === undefined || q.toMs === undefined || q.fromMs <= q.toMs, {
    message: 'fromMs must not be after toMs',
    path: ['fromMs'],
  });

export const AgentSignal = z.object({
  agent: z.string(),
  direction: z.number().describe('-1 (short) … 1 (long); 0 with confidence 0 = abstained'),
  confidence: num,
  reasoning: z.string(),
  data: jsonObject.nullable(),
});

export const Order = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  exchangeOrderId: z.string().nullable(),
  sessionId: z.string().nullable(),
  decisionId: z.string().nullable(),
  exchange: z.string().nullable(),
  symbol: z.string(),
  side: z.string(),
  type: z.string(),
  purpose: z.string(),
  status: z.string(),
  price: nnum,
  triggerPrice: nnum,
  amount: num,
  filled: num,
  average: nnum,
  fee: num,
  feeCurrency: z.string().nullable(),
  reduceOnly: z.boolean(),
  mode: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const Decision = z.object({
  id: z.string(),
  sessionId: z.string(),
  symbol: z.string(),
  candleTime: isoTime,
  action: z.enum(['BUY', 'SELL', 'HOLD']),
  confidence: num,
  reasoning: z.string(),
  summary: z.string().nullable(),
  riskVerdict: jsonObject.nullable(),
  createdAt: isoTime,
});

export const DecisionDetail = Decision.extend({
  signals: z.array(AgentSignal),
  orders: z.array(Order),
  workflowId: z.string(),
  temporalUiUrl,
});

export const Trade = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  symbol: z.string(),
  side: z.string(),
  action: z.string(),
  status: z.string(),
  entryPrice: num,
  exitPrice: nnum,
  quantity: num,
  pnl: nnum,
  pnlPercent: nnum,
  fee: num,
  openedAt: isoTime,
  closedAt: nullableTime,
});

export const Position = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  exchange: z.string(),
  symbol: z.string(),
  side: z.string(),
  status: z.string(),
  size: num,
  entryPrice: num,
  markPrice: nnum,
  stopLoss: nnum,
  takeProfit: nnum,
  unrealizedPnl: num,
  leverage: num,
  openedAt: isoTime,
  updatedAt: isoTime,
  closedAt: nullableTime,
});

export const EquityPoint = z.object({
  time: isoTime,
  equity: num,
  cash: num,
  unrealizedPnl: num,
  realizedPnl: num,
  drawdownPct: num.describe('≤ 0: below the running peak'),
});
export const EquitySummary = z.object({
  startEquity: nnum,
  equity: nnum,
  pnlTotal: num,
  pnlToday: num,
  maxDrawdownPct: num,
});
