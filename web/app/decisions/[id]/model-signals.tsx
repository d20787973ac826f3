'use client';

import type { DecisionDetail, SignalLlm } from '../../../lib/gateway-types';
import { callCostLine, LlmCallExpander } from '../../_components/llm-call-view';
import { Panel } from '../../_components/panel';

type Signal = DecisionDetail['signals'][number];

/** The model call behind a signal; undefined for a rule-based one (or data this page does not know). */
export function signalLlm(s: Signal): SignalLlm | undefined {
  const llm = (s.data as { llm?: Partial<SignalLlm> } | null)?.llm;
  if (!llm || typeof llm.callId !== 'string' || typeof llm.model !== 'string') return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    callId: llm.callId,
    model: llm.model,
    promptTokens: n(llm.promptTokens),
    completionTokens: n(llm.completionTokens),
    costUsd: n(llm.costUsd),
    latencyMs: n(llm.latencyMs),
    cached: llm.cached === true,
  };
}

/** Each agent that thought with a model, in its own words, with what the call cost and the call itself. */
export function ModelSignals({ signals }: { signals: readonly Signal[] }) {
  const fromModel = signals.flatMap((s) => {
    const llm = signalLlm(s);
    return llm ? [{ s, llm }] : [];
  });
  if (fromModel.length === 0) return null;
  return (
    <Panel title="What the models said">
      {fromModel.map(({ s, llm }) => (
        <article key={s.agent} className="llm-signal" data-testid={`model-signal-${s.agent}`}>
          <h3>{s.agent}</h3>
          <p className="prose">{s.reasoning || '—'}</p>
          <p className="meta" data-testid="model-signal-cost">
            {callCostLine(llm)}
          </p>
          <LlmCallExpander callId={llm.callId} />
        </article>
      ))}
    </Panel>
  );
}
