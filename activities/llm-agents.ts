// The model calls of a trading cycle, one regular activity each (the coordinator's with its debate):
// each reads the cycle's snapshot from Redis, checks the budget, builds its grounded request in core,
// consults the model through the cache and the audit trail, and returns a reference-sized result the
// workflow combines with core's rules. An answer that is no answer comes back as an abstention; a
// transport failure is thrown for the activity's retry policy.
import { ApplicationFailure } from '@temporalio/activity';
import type { Agent, AgentName, AgentSignal } from '../core/agents';
import { DAY_MS, utcDayStart } from '../core/calendar/utc-day';
import type { Decision } from '../core/coordinator/decision';
import type { CoordinatorAnswer, RiskReviewAnswer } from '../core/llm/answer-schemas';
import { describeExhausted, type BudgetExhausted } from '../core/llm/budget';
import type { DebateTurn } from '../core/llm/coordinator-prompt';
import type { CycleLlmSettings } from '../core/llm/cycle-llm-settings';
import type { LlmCallRequest } from '../core/llm/llm-call';
import { firstLine, type LlmTrace } from '../core/llm/llm-trace';
import {
  analystStep,
  coordinatorStep,
  riskReviewStep,
  stepSettings,
  type Answered,
  type Ask,
  type Step,
  type StepSettings,
} from '../core/llm/model-steps';
import type { ModelRead } from '../core/llm/read-answer';
import type { RiskVerdict } from '../core/risk/risk-types';
import type { Repositories } from '../infra/adapters/db';
import { modelConsultantFor, type ConsultContext, type ModelConsultant } from '../infra/services/llm/model-consultant';
import { activityAttempt, activitySignal } from './backtest/activity-context';
import type { ActivityDeps } from './deps';
import { llmFailure } from './llm-failure';
import { bestEffortPublisher } from './publish-best-effort';
import { readSnapshot } from './read-snapshot';
import type { SnapshotCache } from './snapshot-cache';

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

export function createLlmActivities(
  deps: ActivityDeps,
  repos: Repositories,
  rules: Record<AgentName, Agent>,
  cache?: SnapshotCache,
) {
  const cfg = deps.config.llm;
  const publish = bestEffortPublisher(deps.redis, deps.log);
  let consultant: ModelConsultant | undefined;
  const consult = () => {
    if (!deps.llm)
      throw ApplicationFailure.nonRetryable('no LLM client is configured on this worker', 'LlmNotConfigured');
    return (consultant ??= modelConsultantFor(cfg, deps.llm, repos.llmCalls));
  };
  const context = (ref: LlmCycleRef, name: string): ConsultContext => {
    const n = activityAttempt();
    const signal = activitySignal();
    return {
      callId: `${ref.cycleId}:${name}:${n}`,
      attempt: n,
      cycleId: ref.cycleId,
      sessionId: ref.sessionId,
      cache: ref.llm.cache,
      ...(signal ? { signal } : {}),
    };
  };
  /** The budget that is spent, announced once per scope and day; null while there is some left. */
  const spentBudget = async (ref: LlmCycleRef): Promise<BudgetExhausted | null> => {
    const b = cfg.budget;
    const out = await consult().exhausted(b, ref.sessionId);
    if (out) {
      const day = utcDayStart(Date.now());
      const key = `opentrade:llm-budget:${out.scope === 'session' ? ref.sessionId : 'all'}:${day}`;
      const first = await deps.redis.set(key, '1', 'PX', 2 * DAY_MS, 'NX').catch(() => null);
      if (first === 'OK') {
        deps.log?.(`${describeExhausted(out)}; agents fall back to ${b.onExhausted} (session ${ref.sessionId})`);
        await publish('llm.budget_exhausted', { sessionId: ref.sessionId, ...out, fallback: b.onExhausted });
      }
    }
    return out;
  };
  const settings = (ref: LlmCycleRef): StepSettings => stepSettings(ref.llm.models, cfg);
  /**
   * Runs a step to its end: asks the model what it needs (several at once when it needs several),
   * then goes again with the answers. A spent budget answers every request with the limit it hit.
   */
  const drive = async <T>(
    ref: LlmCycleRef,
    step: (ask: Ask) => Step<T>,
  ): Promise<{ value: T; budget?: BudgetExhausted }> => {
    const budget = await spentBudget(ref);
    const answers = new Map<string, Answered>();
    const calls = new Map<string, number>();
    const keyOf = (r: LlmCallRequest) => JSON.stringify(r);
    const ask: Ask = (r) => (budget ? { spent: describeExhausted(budget) } : answers.get(keyOf(r)));
    for (;;) {
      const s = step(ask);
      if (s.done) return budget ? { value: s.value, budget } : { value: s.value };
      await Promise.all(
        s.need.map(async (r) => {
          // Named by role and call number: the same on every attempt, so a retried record is one row.
          const n = (calls.get(r.role) ?? 0) + 1;
          calls.set(r.role, n);
          try {
            answers.set(keyOf(r), await consult().consult(r, context(ref, n === 1 ? r.role : `${r.role}-${n}`)));
          } catch (e) {
            throw llmFailure(e);
          }
        }),
      );
    }
  };

  return {
    async llmAnalyst(ref: LlmCycleRef & { agent: AgentName }): Promise<LlmAnalystResult> {
      const snapshot = await readSnapshot(deps.redis, cache, ref.snapshotKey);
      const reading = await rules[ref.agent].analyze(snapshot);
      const mode = ref.llm.agents[ref.agent];
      if (mode === 'deterministic') return { signal: reading };
      const { value, budget } = await drive(ref, (ask) =>
        analystStep(ref.agent, mode, snapshot, reading, settings(ref), ask),
      );
      return budget ? { signal: value, budget } : { signal: value };
    },

    async llmCoordinate(
      ref: LlmCycleRef & {
        signals: AgentSignal[];
        ensemble: Pick<Decision, 'action' | 'score' | 'confidence' | 'disagreement' | 'reasons'>;
      },
    ): Promise<LlmCoordinatorResult> {
      const snapshot = await readSnapshot(deps.redis, cache, ref.snapshotKey);
      const ensemble = { ...ref.ensemble, signals: ref.signals };
      const { value, budget } = await drive(ref, (ask) =>
        coordinatorStep(snapshot, ref.signals, ensemble, ref.llm.debateRounds, settings(ref), ask),
      );
      const last = value.traces.at(-1);
      return {
        read: value.read,
        ...(last?.role === 'coordinator' ? { trace: last.trace } : {}),
        debate: value.debate.map(({ argument, ...t }) => ({ ...t, firstLine: firstLine(argument, 160) })),
        ...(budget ? { budget } : {}),
        ...(value.spent && cfg.budget.onExhausted === 'deterministic' ? { useRules: true } : {}),
      };
    },

    async llmRiskReview(
      ref: LlmCycleRef & { decision: Pick<Decision, 'action' | 'confidence' | 'reasons'>; verdict: RiskVerdict },
    ): Promise<LlmRiskReviewResult> {
      const snapshot = await readSnapshot(deps.redis, cache, ref.snapshotKey);
      const { value, budget } = await drive(ref, (ask) =>
        riskReviewStep(snapshot, ref.decision, ref.verdict, settings(ref), ask),
      );
      return { read: value.read, ...(value.trace ? { trace: value.trace } : {}), ...(budget ? { budget } : {}) };
    },
  };
}
