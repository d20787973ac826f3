// LlmCall rows (one per model call: the audit trail the decision page opens and the sums budgets are
// checked against) and LlmCacheEntry rows (answers keyed by the hash of the full request, so a replay
// costs nothing twice). A cache hit is recorded like any call but counts no tokens and no money:
// nothing was spent on it.
import type { Spend, SpentSoFar } from '../../../../core/llm/budget';
import type { LlmCallOutcome, LlmMessage } from '../../../../core/llm/llm-call';
import type { LlmRole } from '../../../../core/llm/roles';
import { Prisma } from '../prisma-client';
import type { RepositoryDb } from './repository-db';

export interface LlmCallRow {
  /** The caller's (derived from the activity): recording it again writes nothing. */
  id: string;
  /** The tradingCycle workflow id, which is also the Decision's id. */
  cycleId?: string | null;
  sessionId?: string | null;
  backtestRunId?: string | null;
  role: LlmRole;
  model: string;
  /** The cache key of the request. */
  promptHash: string;
  messages: LlmMessage[];
  rawAnswer: string | null;
  /** The schema-valid answer; null for an abstention or an error. */
  parsed: unknown;
  abstainReason: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  cacheHit: boolean;
  /** A transport failure that outlived its retries. */
  error: string | null;
  attempt?: number;
  /** Now when absent. */
  createdAt?: Date;
}

export interface CachedAnswer {
  outcome: LlmCallOutcome;
}

/** What the budgets are checked against (core/llm/budget): the session's whole life, and every call since `sinceMs`. */
export type LlmSpend = Spend;
export type LlmSpent = SpentSoFar;

export interface LlmUsageTotals {
  calls: number;
  cacheHits: number;
  abstentions: number;
  errors: number;
  /** Spent tokens and money: cache hits count 0. */
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface LlmUsageReport {
  sessionId: string | null;
  sinceMs: number | null;
  untilMs: number | null;
  totals: LlmUsageTotals;
  /** Most expensive first. */
  byRole: (LlmUsageTotals & { role: string })[];
  byModel: (LlmUsageTotals & { model: string })[];
}

export interface LlmCallSummary {
  id: string;
  cycleId: string | null;
  sessionId: string | null;
  backtestRunId: string | null;
  role: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  cacheHit: boolean;
  abstainReason: string | null;
  error: string | null;
  attempt: number;
  /** The first line of the answer's reasoning (a debate voice's argument); null without a parsed answer. */
  reasoningFirstLine: string | null;
  createdAt: Date;
}

export interface LlmCallDetail extends LlmCallSummary {
  promptHash: string;
  messages: LlmMessage[];
  rawAnswer: string | null;
  parsed: unknown;
}

interface TotalsSql {
  calls: number;
  cache_hits: number;
  abstentions: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

const TOTALS = Prisma.sql`count(*)::int AS calls,
  (count(*) FILTER (WHERE cache_hit))::int AS cache_hits,
  (count(*) FILTER (WHERE abstain_reason IS NOT NULL))::int AS abstentions,
  (count(*) FILTER (WHERE error IS NOT NULL))::int AS errors,
  COALESCE(sum(prompt_tokens) FILTER (WHERE NOT cache_hit), 0)::float8 AS prompt_tokens,
  COALESCE(sum(completion_tokens) FILTER (WHERE NOT cache_hit), 0)::float8 AS completion_tokens,
  COALESCE(sum(cost_usd) FILTER (WHERE NOT cache_hit), 0)::float8 AS cost_usd`;

const toTotals = (r: TotalsSql): LlmUsageTotals => ({
  calls: r.calls,
  cacheHits: r.cache_hits,
  abstentions: r.abstentions,
  errors: r.errors,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  costUsd: r.cost_usd,
});

const EMPTY_TOTALS: LlmUsageTotals = {
  calls: 0,
  cacheHits: 0,
  abstentions: 0,
  errors: 0,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
};

const SUMMARY_COLUMNS = Prisma.sql`id, cycle_id AS "cycleId", session_id AS "sessionId", backtest_run_id AS "backtestRunId",
  role, model, prompt_tokens AS "promptTokens", completion_tokens AS "completionTokens", cost_usd AS "costUsd",
  latency_ms AS "latencyMs", cache_hit AS "cacheHit", abstain_reason AS "abstainReason", error, attempt,
  NULLIF(btrim(split_part(ltrim(COALESCE(parsed->>'reasoning', parsed->>'argument', ''), E' \\t\\r\\n'), E'\\n', 1), E' \\t\\r'), '')
    AS "reasoningFirstLine",
  created_at AS "createdAt"`;

export function createLlmCallRepository(db: RepositoryDb) {
  const t = db.table;
  return {
    async record(r: LlmCallRow): Promise<void> {
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${t('llm_calls')} (id, cycle_id, session_id, backtest_run_id, role, model, prompt_hash, messages,
          raw_answer, parsed, abstain_reason, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_hit, error,
          attempt, created_at)
        VALUES (${r.id}, ${r.cycleId ?? null}, ${r.sessionId ?? null}, ${r.backtestRunId ?? null}, ${r.role}, ${r.model},
          ${r.promptHash}, ${json(r.messages)}::jsonb, ${r.rawAnswer}, ${json(r.parsed)}::jsonb, ${r.abstainReason},
          ${Math.round(r.promptTokens)}::int, ${Math.round(r.completionTokens)}::int, ${r.costUsd}::float8,
          ${Math.round(r.latencyMs)}::int, ${r.cacheHit}, ${r.error}, ${r.attempt ?? 1}::int,
          COALESCE(${r.createdAt ?? null}::timestamptz, now()))
        ON CONFLICT (id) DO NOTHING`);
    },

    async cacheGet(key: string): Promise<{ model: string; response: CachedAnswer } | null> {
      const [row] = await db.sql.rows<{ model: string; response: CachedAnswer }>(
        Prisma.sql`SELECT model, response FROM ${t('llm_cache_entries')} WHERE key = ${key}`,
      );
      return row ?? null;
    },

    /** The first answer stored under a key stays: a replay must see what the first run saw. */
    async cachePut(key: string, model: string, response: CachedAnswer): Promise<void> {
      await db.sql.rows(Prisma.sql`
        INSERT INTO ${t('llm_cache_entries')} (key, model, response) VALUES (${key}, ${model}, ${JSON.stringify(response)}::jsonb)
        ON CONFLICT (key) DO NOTHING`);
    },

    /** What budgets are checked against, in one statement because every model call asks first. */
    async spent(q: { sessionId?: string; sinceMs: number }): Promise<LlmSpent> {
      const since = new Date(q.sinceMs);
      const sid = q.sessionId ?? null;
      const [row] = await db.sql.rows<{ s_tokens: number; s_usd: number; d_tokens: number; d_usd: number }>(
        Prisma.sql`
        SELECT
          COALESCE(sum(prompt_tokens + completion_tokens) FILTER (WHERE session_id = ${sid}), 0)::float8 AS s_tokens,
          COALESCE(sum(cost_usd) FILTER (WHERE session_id = ${sid}), 0)::float8 AS s_usd,
          COALESCE(sum(prompt_tokens + completion_tokens) FILTER (WHERE created_at >= ${since}), 0)::float8 AS d_tokens,
          COALESCE(sum(cost_usd) FILTER (WHERE created_at >= ${since}), 0)::float8 AS d_usd
        FROM ${t('llm_calls')}
        WHERE NOT cache_hit AND (created_at >= ${since} OR session_id = ${sid})`,
      );
      return {
        session: sid === null ? null : { tokens: row.s_tokens, usd: row.s_usd },
        day: { tokens: row.d_tokens, usd: row.d_usd },
      };
    },

    async usage(q: { sessionId?: string; sinceMs?: number; untilMs?: number } = {}): Promise<LlmUsageReport> {
      const where = [
        q.sessionId !== undefined ? Prisma.sql`session_id = ${q.sessionId}` : null,
        q.sinceMs !== undefined ? Prisma.sql`created_at >= ${new Date(q.sinceMs)}` : null,
        q.untilMs !== undefined ? Prisma.sql`created_at < ${new Date(q.untilMs)}` : null,
      ].filter((c): c is Prisma.Sql => c !== null);
      // One pass: the grand total, per role and per model are three grouping sets of the same scan.
      const rows = await db.sql.rows<
        TotalsSql & { role: string | null; model: string | null; g_role: number; g_model: number }
      >(
        Prisma.sql`
        SELECT role, model, GROUPING(role)::int AS g_role, GROUPING(model)::int AS g_model, ${TOTALS}
        FROM ${t('llm_calls')}
        ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
        GROUP BY GROUPING SETS ((), (role), (model))
        ORDER BY cost_usd DESC, calls DESC, role, model`,
      );
      const total = rows.find((r) => r.g_role === 1 && r.g_model === 1);
      return {
        sessionId: q.sessionId ?? null,
        sinceMs: q.sinceMs ?? null,
        untilMs: q.untilMs ?? null,
        totals: total ? toTotals(total) : EMPTY_TOTALS,
        byRole: rows.filter((r) => r.g_role === 0).map((r) => ({ role: r.role!, ...toTotals(r) })),
        byModel: rows.filter((r) => r.g_model === 0).map((r) => ({ model: r.model!, ...toTotals(r) })),
      };
    },

    /** A cycle's calls in the order they were made, without their prompts (the page opens those one by one). */
    async listByCycle(cycleId: string): Promise<LlmCallSummary[]> {
      return db.sql.rows<LlmCallSummary>(Prisma.sql`
        SELECT ${SUMMARY_COLUMNS} FROM ${t('llm_calls')} WHERE cycle_id = ${cycleId} ORDER BY created_at, id`);
    },

    async get(id: string): Promise<LlmCallDetail | null> {
      const [row] = await db.sql.rows<LlmCallDetail>(Prisma.sql`
        SELECT ${SUMMARY_COLUMNS}, prompt_hash AS "promptHash", messages, raw_answer AS "rawAnswer", parsed
        FROM ${t('llm_calls')} WHERE id = ${id}`);
      return row ?? null;
    },
  };
}

export type LlmCallRepository = ReturnType<typeof createLlmCallRepository>;
