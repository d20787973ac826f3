// The model calls of a trading cycle, one regular activity each (the coordinator's with its debate):
// each reads the cycle's snapshot from Redis, checks the budget, builds its grounded request in core,
// consults the model through the cache and the audit trail, and returns a reference-sized result the
// workflow combines with core's rules. An answer that is no answer comes back as an abstention; a
// transport failure is thrown for the activity's retry policy.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { createDeterministicAgents, type AgentName, type AgentSignal } from '../core/agents';
import type { Decision } from '../core/coordinator/decision';
import { CoordinatorAnswerSchema, DebateAnswerSchema, RiskReviewAnswerSchema } from '../core/llm/answer-schemas';
import type { CoordinatorAnswer, RiskReviewAnswer } from '../core/llm/answer-schemas';
import { analystRequest, type SamplingSettings } from '../core/llm/analyst-prompt';
import { describeExhausted, exhaustedBudget, type BudgetExhausted } from '../core/llm/budget';
import { coordinatorRequest, debateRequest, type DebateTurn } from '../core/llm/coordinator-prompt';
import type { CycleLlmSettings } from '../core/llm/cycle-llm-settings';
import { lastPrice } from '../core/llm/grounded-facts';
import type { LlmTrace } from '../core/llm/llm-trace';
import { readAnalystAnswer } from '../core/llm/read-analyst-answer';
import { readAnswer, type ModelRead } from '../core/llm/read-answer';
import { riskReviewRequest } from '../core/llm/risk-review-prompt';
import { modelFor, resolveEndpoint } from '../core/llm/resolve-endpoint';
import type { LlmRole } from '../core/llm/roles';
import type { RiskVerdict } from '../core/risk/risk-types';
import type { Repositories } from '../infra/adapters/db';
import { createModelConsultant, type ConsultContext } from '../infra/services/llm/model-consultant';
import type { ActivityDeps } from './deps';
import { llmFailure } from './llm-failure';
import { bestEffortPublisher } from './publish-best-effort';
import type { SnapshotCache } from './snapshot-cache';
import { decodeSnapshot } from './snapshot-codec';

const DAY_MS = 86_400_000;

export interface LlmCycleRef {
  cycleId: string;
  sessionId: string;
  snapshotKey: string;
  llm: CycleLlmSettings;
}

export interface LlmAnalystResult {
  signal: AgentSignal;
  /** The budget that was spent, when it decided this answer. */
  budget?: BudgetExhausted;
}

export interface LlmCoordinatorResult {
  read: ModelRead<CoordinatorAnswer>;
  trace?: LlmTrace;
  debate: (Omit<DebateTurn, 'argument'> & { firstLine: string })[];
  budget?: BudgetExhausted;
  /** The budget fallback is the rules: the workflow keeps its decision as it is. */
  useRules?: boolean;
}

export interface LlmRiskReviewResult {
  read: ModelRead<RiskReviewAnswer>;
  trace?: LlmTrace;
  budget?: BudgetExhausted;
}

function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

function cancellation(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export function createLlmActivities(deps: ActivityDeps, repos: Repositories, cache?: SnapshotCache) {
  const cfg = deps.config.llm;
  const endpoint = resolveEndpoint(cfg);
  const rules = createDeterministicAgents();
  const publish = bestEffortPublisher(deps.redis, deps.log);
  let consultant: ReturnType<typeof createModelConsultant> | undefined;
  const consult = () => {
    if (!deps.llm)
      throw ApplicationFailure.nonRetryable('no LLM client is configured on this worker', 'LlmNotConfigured');
    return (consultant ??= createModelConsultant({
      llm: deps.llm,
      calls: repos.llmCalls,
      prices: { local: endpoint.local, table: cfg.pricing },
    }));
  };
  const sampling = (ref: LlmCycleRef, role: LlmRole): SamplingSettings => ({
    model: ref.llm.models[role] ?? modelFor(cfg, role),
    temperature: cfg.temperature,
    maxTokens: cfg.maxTokens,
  });
  const context = (ref: LlmCycleRef, name: string): ConsultContext => {
    const n = attempt();
    const signal = cancellation();
    return {
      callId: `${ref.cycleId}:${name}:${n}`,
      attempt: n,
      cycleId: ref.cycleId,
      sessionId: ref.sessionId,
      cache: ref.llm.cache,
      ...(signal ? { signal } : {}),
    };
  };
  const snapshotOf = async (key: string) => {
    const text = cache?.get(key) ?? (await deps.redis.get(key));
    if (text === null)
      throw ApplicationFailure.nonRetryable(
        `snapshot ${key} is not in Redis (expired or never stored)`,
        'SnapshotMissing',
      );
    return decodeSnapshot(text);
  };
  /** The budget that is spent, announced once per scope and day; null while there is some left. */
  const spentBudget = async (ref: LlmCycleRef): Promise<BudgetExhausted | null> => {
    const b = cfg.budget;
    if (
      b.sessionTokens === undefined &&
      b.sessionUsd === undefined &&
      b.dayTokens === undefined &&
      b.dayUsd === undefined
    )
      return null;
    const day = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const out = exhaustedBudget(b, await consult().spent({ sessionId: ref.sessionId, sinceMs: day }));
    if (out) {
      const key = `opentrade:llm-budget:${out.scope === 'session' ? ref.sessionId : 'all'}:${day}`;
      const first = await deps.redis.set(key, '1', 'PX', 2 * DAY_MS, 'NX').catch(() => null);
      if (first === 'OK') {
        deps.log?.(`${describeExhausted(out)}; agents fall back to ${b.onExhausted} (session ${ref.sessionId})`);
        await publish('llm.budget_exhausted', { sessionId: ref.sessionId, ...out, fallback: b.onExhausted });
      }
    }
    return out;
  };
  const call = async (
    ref: LlmCycleRef,
    name: string,
    request: Parameters<ReturnType<typeof consult>['consult']>[0],
  ) => {
    try {
      return await consult().consult(request, context(ref, name));
    } catch (e) {
      throw llmFailure(e);
    }
  };

  return {
    async llmAnalyst(ref: LlmCycleRef & { agent: AgentName }): Promise<LlmAnalystResult> {
      const snapshot = await snapshotOf(ref.snapshotKey);
      const reading = await rules[ref.agent].analyze(snapshot);
      // The strategy's advice is the strategy code's, whoever reads it: the strategy decision mode acts on it.
      const advice = ref.agent === 'strategy' ? { advice: reading.data.advice, desired: reading.data.desired } : {};
      const budget = await spentBudget(ref);
      if (budget) {
        const why = describeExhausted(budget);
        if (cfg.budget.onExhausted === 'deterministic')
          return { signal: { ...reading, data: { ...reading.data, budget: why } }, budget };
        return {
          signal: {
            agent: ref.agent,
            direction: 0,
            confidence: 0,
            reasoning: `abstains: ${why}`,
            data: { ...advice, abstained: true, reason: why },
          },
          budget,
        };
      }
      const mode = ref.llm.agents[ref.agent];
      const request = analystRequest(
        ref.agent,
        snapshot,
        sampling(ref, ref.agent),
        mode === 'hybrid' ? reading : undefined,
      );
      const { outcome, trace } = await call(ref, ref.agent, request);
      const signal = readAnalystAnswer(
        ref.agent,
        outcome,
        { price: lastPrice(snapshot), priceBandPct: cfg.priceBandPct, trace },
        { mode, ...advice },
      );
      return { signal };
    },

    async llmCoordinate(
      ref: LlmCycleRef & {
        signals: AgentSignal[];
        ensemble: Pick<Decision, 'action' | 'score' | 'confidence' | 'disagreement' | 'reasons'>;
      },
    ): Promise<LlmCoordinatorResult> {
      const snapshot = await snapshotOf(ref.snapshotKey);
      const budget = await spentBudget(ref);
      if (budget) {
        const reason = describeExhausted(budget);
        return cfg.budget.onExhausted === 'deterministic'
          ? { read: { ok: false, reason }, debate: [], budget, useRules: true }
          : { read: { ok: false, reason }, debate: [], budget };
      }
      const ensemble = { ...ref.ensemble, signals: ref.signals } as Decision;
      const turns: DebateTurn[] = [];
      for (let round = 1; round <= ref.llm.debateRounds; round++)
        for (const side of ['bull', 'bear'] as const) {
          const req = debateRequest(side, round, snapshot, ref.signals, turns, sampling(ref, side));
          const { outcome, trace } = await call(ref, `${side}-r${round}`, req);
          const read = readAnswer(DebateAnswerSchema, outcome);
          // A voice that does not answer is left out; the coordinator decides on what was said.
          if (read.ok)
            turns.push({
              side,
              round,
              argument: read.answer.argument,
              conviction: read.answer.conviction,
              callId: trace.callId,
            });
        }
      const req = coordinatorRequest(snapshot, ref.signals, ensemble, turns, sampling(ref, 'coordinator'));
      const { outcome, trace } = await call(ref, 'coordinator', req);
      return {
        read: readAnswer(CoordinatorAnswerSchema, outcome),
        trace,
        debate: turns.map(({ argument, ...t }) => ({ ...t, firstLine: argument.slice(0, 160) })),
      };
    },

    async llmRiskReview(
      ref: LlmCycleRef & { decision: Pick<Decision, 'action' | 'confidence' | 'reasons'>; verdict: RiskVerdict },
    ): Promise<LlmRiskReviewResult> {
      const snapshot = await snapshotOf(ref.snapshotKey);
      const budget = await spentBudget(ref);
      if (budget) return { read: { ok: false, reason: describeExhausted(budget) }, budget };
      const req = riskReviewRequest(snapshot, ref.decision, ref.verdict, sampling(ref, 'risk'));
      const { outcome, trace } = await call(ref, 'risk', req);
      return { read: readAnswer(RiskReviewAnswerSchema, outcome), trace };
    },
  };
}
