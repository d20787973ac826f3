// A pipeline backtest whose agents ask a model: the pure chunk stops before a candle whose questions
// it has no answer for, this asks them (through the cache and the audit trail, a bounded number at
// once, while the budget lasts) and runs the candle again. A rerun of the same backtest finds every
// answer in the cache: it makes no model call and gives the same trades.
import type { CandleSeries } from '../../../core/candles/series';
import type { LlmBudget, LlmCacheMode } from '../../../core/config/llm-config-schema';
import { describeExhausted } from '../../../core/llm/budget';
import type { LlmCallRequest } from '../../../core/llm/llm-call';
import type { Answered } from '../../../core/llm/model-steps';
import {
  runPipelineChunk,
  type PipelineBacktestOptions,
  type PipelineChunk,
  type PipelineDecision,
  type PipelineState,
} from '../../../core/pipeline/run-pipeline-backtest';
import { llmCacheKey } from '../llm/llm-cache-key';
import type { ModelConsultant } from '../llm/model-consultant';

export interface ModelAnswering {
  consultant: ModelConsultant;
  /** The LlmCall records' backtestRunId, and the prefix of their ids. */
  runId: string;
  cache: LlmCacheMode;
  concurrency: number;
  budget: LlmBudget;
  /** The activity's attempt (1 outside one). */
  attempt?: number;
  /** Called every second while answers are awaited: a durable chunk heartbeats with it. */
  tick?: () => void;
  log?: (line: string) => void;
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function bounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Candles [state.next, to) of a run whose options ask a model (options.llm); the state is taken over. */
export async function runPipelineChunkAsking(
  series: CandleSeries,
  options: PipelineBacktestOptions,
  state: PipelineState,
  to: number,
  m: ModelAnswering,
): Promise<PipelineChunk> {
  if (!options.llm) return runPipelineChunk(series, options, state, to);
  const answers = new Map<string, Answered>();
  const ask = (r: LlmCallRequest) => answers.get(llmCacheKey(r));
  const asking = { ...options, llm: { ...options.llm, ask } };
  const start = state.next;
  const equity = new Float64Array(Math.max(0, Math.min(to, series.length) - start));
  const decisions: PipelineDecision[] = [];
  let s = state;
  let askedAt = -1;
  let spentNoted = false;
  for (;;) {
    const c = runPipelineChunk(series, asking, s, to);
    equity.set(c.equity, c.from - start);
    for (const d of c.decisions) decisions.push(d);
    s = c.state;
    if (!c.need) return { state: s, from: start, to: c.to, equity: equity.subarray(0, c.to - start), decisions };
    // A candle's answers serve its re-runs only.
    if (c.to !== askedAt) answers.clear();
    askedAt = c.to;
    const b = m.budget;
    // No session: the day's limits only.
    const spent = await m.consultant.exhausted(b);
    if (spent && !spentNoted) {
      spentNoted = true;
      m.log?.(
        `${describeExhausted(spent)}; backtest ${m.runId} goes on with its agents ${b.onExhausted === 'deterministic' ? 'on their rules' : 'abstaining'}`,
      );
    }
    const timer = m.tick ? setInterval(m.tick, 1000) : undefined;
    try {
      await bounded(c.need, m.concurrency, async (r) => {
        const key = llmCacheKey(r);
        if (spent) return void answers.set(key, { spent: describeExhausted(spent) });
        // One record per question and attempt: a retried chunk's record of it is the same row.
        const id = `${m.runId}:${r.role}:${key.slice(0, 24)}:${m.attempt ?? 1}`;
        answers.set(
          key,
          await m.consultant.consult(r, {
            callId: id,
            attempt: m.attempt ?? 1,
            backtestRunId: m.runId,
            cache: m.cache,
          }),
        );
      });
    } finally {
      if (timer) clearInterval(timer);
    }
  }
}
