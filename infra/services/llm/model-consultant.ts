// Every model call the agents make goes through here: the cache first (by the request's hash), then
// the LLM client, then the audit record (an LlmCall per call, hit or miss, answer, abstention or
// error) and the cache entry. Transport errors are recorded and rethrown for the caller's retry
// policy; answers that are no answer (refusal, bad JSON, schema) are outcomes, and cached like any
// answer so a replay abstains the same way.
import { utcDayStart } from '../../../core/calendar/utc-day';
import type { LlmBudget, LlmCacheMode, LlmConfig } from '../../../core/config/llm-config-schema';
import { exhaustedBudget, hasBudgetLimit, type BudgetExhausted } from '../../../core/llm/budget';
import { resolveEndpoint } from '../../../core/llm/resolve-endpoint';
import type { LlmCallOutcome, LlmCallRequest, LlmPort } from '../../../core/llm/llm-call';
import type { LlmTrace } from '../../../core/llm/llm-trace';
import { costUsd, priceOf, type PriceLookup } from '../../../core/llm/pricing';
import type { LlmCallRepository } from '../../adapters/db/repositories/llm-calls';
import { llmCacheKey } from './llm-cache-key';

/** What the consultant needs of the database. */
export type LlmCallStore = Pick<LlmCallRepository, 'record' | 'cacheGet' | 'cachePut' | 'spent'>;

export interface ConsultContext {
  /** The audit record's id: stable per call and attempt, so a retried record never adds a row. */
  callId: string;
  attempt: number;
  cycleId?: string;
  sessionId?: string;
  backtestRunId?: string;
  cache: LlmCacheMode;
  signal?: AbortSignal;
}

export interface Consulted {
  outcome: LlmCallOutcome;
  trace: LlmTrace;
}

export interface ModelConsultantDeps {
  llm: LlmPort;
  /** The endpoint's base URL: part of the cache key. */
  endpoint?: string;
  calls: LlmCallStore;
  prices: PriceLookup;
}

export function createModelConsultant(deps: ModelConsultantDeps) {
  const row = (req: LlmCallRequest, ctx: ConsultContext, key: string) => ({
    id: ctx.callId,
    cycleId: ctx.cycleId ?? null,
    sessionId: ctx.sessionId ?? null,
    backtestRunId: ctx.backtestRunId ?? null,
    role: req.role,
    model: req.model,
    promptHash: key,
    messages: req.messages,
    attempt: ctx.attempt,
  });
  const finish = async (
    req: LlmCallRequest,
    ctx: ConsultContext,
    key: string,
    outcome: LlmCallOutcome,
    cacheHit: boolean,
  ): Promise<Consulted> => {
    const cost = cacheHit ? 0 : costUsd(outcome.usage, priceOf(req.model, deps.prices));
    await deps.calls.record({
      ...row(req, ctx, key),
      rawAnswer: outcome.raw,
      parsed: outcome.ok ? outcome.value : null,
      abstainReason: outcome.ok ? null : outcome.reason,
      promptTokens: outcome.usage.promptTokens,
      completionTokens: outcome.usage.completionTokens,
      costUsd: cost,
      latencyMs: cacheHit ? 0 : outcome.latencyMs,
      cacheHit,
      error: null,
    });
    return {
      outcome,
      trace: {
        callId: ctx.callId,
        model: req.model,
        promptTokens: outcome.usage.promptTokens,
        completionTokens: outcome.usage.completionTokens,
        costUsd: cost,
        latencyMs: cacheHit ? 0 : outcome.latencyMs,
        cached: cacheHit,
      },
    };
  };

  return {
    async consult(req: LlmCallRequest, ctx: ConsultContext): Promise<Consulted> {
      const key = llmCacheKey(req, deps.endpoint);
      if (ctx.cache !== 'off') {
        const hit = await deps.calls.cacheGet(key);
        if (hit) return finish(req, ctx, key, hit.response.outcome, true);
        if (ctx.cache === 'readonly') {
          const miss: LlmCallOutcome = {
            ok: false,
            reason: 'not in the LLM cache (cache mode readonly makes no model calls)',
            raw: null,
            usage: { promptTokens: 0, completionTokens: 0 },
            finishReason: null,
            latencyMs: 0,
          };
          return finish(req, ctx, key, miss, false);
        }
      }
      let outcome: LlmCallOutcome;
      const started = Date.now();
      try {
        outcome = await deps.llm.complete(req, ctx.signal ? { signal: ctx.signal } : undefined);
      } catch (e) {
        await deps.calls.record({
          ...row(req, ctx, key),
          rawAnswer: null,
          parsed: null,
          abstainReason: null,
          promptTokens: 0,
          completionTokens: 0,
          costUsd: 0,
          latencyMs: Date.now() - started,
          cacheHit: false,
          error: (e as Error).message,
        });
        throw e;
      }
      const done = await finish(req, ctx, key, outcome, false);
      if (ctx.cache === 'readwrite') await deps.calls.cachePut(key, req.model, { outcome });
      return done;
    },
    /**
     * The first limit of `budget` spent as of now: over the UTC day so far (every session and
     * backtest), and over the session's whole life when one is named; null while there is budget left.
     */
    async exhausted(budget: LlmBudget, sessionId?: string): Promise<BudgetExhausted | null> {
      if (!hasBudgetLimit(budget, sessionId !== undefined)) return null;
      const sinceMs = utcDayStart(Date.now());
      return exhaustedBudget(budget, await deps.calls.spent(sessionId ? { sessionId, sinceMs } : { sinceMs }));
    },
  };
}

/** The consultant for the config's endpoint: its URL keys the cache, its prices (or none, locally) the cost. */
export function modelConsultantFor(llm: LlmConfig, client: LlmPort, calls: LlmCallStore) {
  const endpoint = resolveEndpoint(llm);
  return createModelConsultant({
    llm: client,
    endpoint: endpoint.baseUrl,
    calls,
    prices: { local: endpoint.local, table: llm.pricing },
  });
}

export type ModelConsultant = ReturnType<typeof createModelConsultant>;
