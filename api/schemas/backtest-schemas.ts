import { z } from 'zod';
import { agentsField, debateRoundsField, llmCacheField } from './llm-fields';
import { MAX_TRAILING_STOP_PCT } from '../../core/exits/trailing-stop';
import { BACKTEST_DECISION_MODES } from '../../core/pipeline/decision-mode';
import { protectionsConfigSchema } from '../../core/protections/protections-config-schema';
import { pageQuery } from '../http/pagination';
import { isoTime, jsonObject, nullableTime, temporalUiUrl } from './common';

export const StartBacktestBody = z
  .object({
    strategy: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'must be a built-in strategy id, e.g. ema-cross'),
    params: jsonObject.optional(),
    exchange: z.string().min(1).max(64),
    symbol: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9]+\/[A-Za-z0-9]+(:[A-Za-z0-9]+)?$/, 'must look like BASE/QUOTE, e.g. BTC/USDT'),
    timeframe: z.string().regex(/^\d+[smhdwM]$/, 'must be a timeframe like 1m, 5m, 1h, 1d'),
    fromMs: z.number().int().min(0).optional(),
    toMs: z.number().int().min(0).optional(),
    sync: z
      .boolean()
      .default(false)
      .describe('fetch the range (default: the last 5000 candles) from the exchange into the Candle table first'),
    initialCapital: z.number().positive().max(1e12).optional(),
    fee: z.number().min(0).max(0.1).optional().describe('taker fee as a fraction: 0.001 = 0.1 %'),
    slippageBps: z.number().min(0).max(1000).optional(),
    stakePct: z.number().gt(0).max(100).optional(),
    stopLossPct: z.number().gt(0).max(100).optional(),
    takeProfitPct: z.number().gt(0).max(10000).optional(),
    leverage: z.number().min(1).max(125).optional(),
    decide: z
      .enum(BACKTEST_DECISION_MODES)
      .default('strategy-only')
      .describe(
        'strategy-only: the strategy alone on the fast engine; strategy / ensemble: the whole agent pipeline per candle as a session decides, on the sim venue model of `symbol`',
      ),
    protections: protectionsConfigSchema
      .optional()
      .describe('strategy / ensemble: protections that lock new entries; all off when absent'),
    trailingStopPct: z
      .number()
      .gt(0)
      .max(MAX_TRAILING_STOP_PCT)
      .optional()
      .describe('a trailing stop this many percent behind the best price since entry; none when absent'),
    agents: agentsField
      .optional()
      .describe(
        "strategy / ensemble: what each agent thinks with, one mode for all or per agent (roles left out keep the config's mode); absent: every agent on its rules, whatever the config says",
      ),
    every: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('with agents: ask the model on every n-th candle (default 1); the rules decide the others'),
    llmCache: llmCacheField.optional().describe("with agents: model answer cache; absent: the config's"),
    debateRounds: debateRoundsField
      .optional()
      .describe('with agents: bull/bear rounds before an LLM coordinator decides'),
  })
  .strict()
  .refine((b) => b.fromMs === undefined || b.toMs === undefined || b.fromMs < b.toMs, {
    message: 'fromMs must be before toMs',
    path: ['fromMs'],
  });

export const BacktestStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export const ListBacktestsQuery = z
  .object({ status: BacktestStatus.optional(), strategy: z.string().min(1).max(64).optional(), ...pageQuery })
  .strict();
export const ResultQuery = z
  .object({
    points: z.coerce.number().int().min(50).max(20_000).default(2000),
    trades: z.coerce.number().int().min(0).max(100_000).default(5000),
  })
  .strict();

export const Backtest = z.object({
  id: z.string(),
  strategy: z.string(),
  version: z.number().int().nullable(),
  params: jsonObject,
  exchange: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  decide: z.enum(BACKTEST_DECISION_MODES),
  from: isoTime,
  to: isoTime,
  status: BacktestStatus,
  progress: z.number(),
  metrics: jsonObject.nullable(),
  error: z.string().nullable(),
  workflowId: z.string().nullable(),
  temporalUiUrl,
  createdAt: isoTime,
  finishedAt: nullableTime,
});

export const BacktestProgress = z.object({
  runId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  chunk: z.number(),
  chunks: z.number(),
  error: z.string().optional(),
  pct: z.number(),
  status: BacktestStatus,
});

export const BacktestTrade = z.object({
  seq: z.number().int(),
  side: z.enum(['long', 'short']),
  entryTime: z.number(),
  exitTime: z.number(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  quantity: z.number(),
  pnl: z.number(),
  fees: z.number(),
  exitReason: z.string(),
});

export const BacktestResult = z.object({
  metrics: jsonObject,
  trades: z.array(BacktestTrade),
  tradesTotal: z.number().int(),
  equity: z.array(z.object({ time: z.number(), equity: z.number(), drawdownPct: z.number() })),
  candles: z.array(
    z.object({ time: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number() }),
  ),
});
