'use client';

import { useState } from 'react';
import type { LlmCallAnswer, LlmCallSummary } from '../../lib/gateway-types';
import { qty, usd } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { ApiView } from './api-view';

/** What became of a call, in a word or two: the answer was used, came from the cache, or was not used and why. */
export function callOutcome(c: Pick<LlmCallSummary, 'cacheHit' | 'abstainReason' | 'error'>): string {
  if (c.error) return `failed: ${c.error}`;
  if (c.abstainReason) return `abstained: ${c.abstainReason}`;
  return c.cacheHit ? 'answered (cached)' : 'answered';
}

/** model · tokens · cost · latency, as every call is summed up on the page. */
export function callCostLine(c: {
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
}): string {
  const cost = c.cached ? `${usd(0)} (cached)` : usd(c.costUsd);
  return `${c.model} · ${qty(c.promptTokens)} + ${qty(c.completionTokens)} tokens · ${cost} · ${qty(c.latencyMs)} ms`;
}

/** Exactly what a model was sent and what it answered, fetched when shown (prompts are long). */
export function LlmCallView({ callId }: { callId: string }) {
  const state = useApi<LlmCallAnswer>(`/llm/calls/${encodeURIComponent(callId)}`);
  return (
    <ApiView state={state} what="the prompt and answer">
      {({ call: c }) => (
        <div className="llm-call" data-testid="llm-call-detail">
          <p className="meta">
            {c.role} · {callCostLine({ ...c, cached: c.cacheHit })} · {callOutcome(c)}
            {c.attempt > 1 ? ` · attempt ${c.attempt}` : ''}
          </p>
          <h3>Messages sent</h3>
          {c.messages.map((m, i) => (
            <div key={i} className="llm-message" data-testid="llm-message">
              <span className="tag">{m.role}</span>
              <pre className="llm-text mono">{m.content}</pre>
            </div>
          ))}
          <h3>Raw answer</h3>
          {c.rawAnswer === null ? (
            <p className="meta">No answer came back.</p>
          ) : (
            <pre className="llm-text mono" data-testid="llm-raw-answer">
              {c.rawAnswer}
            </pre>
          )}
          <p className="meta">
            Cache key <code>{c.promptHash}</code>
          </p>
        </div>
      )}
    </ApiView>
  );
}

/** A closed disclosure that loads the call the first time it is opened. */
export function LlmCallExpander({ callId, label = 'Prompt and answer' }: { callId: string; label?: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <details className="llm-expander" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary data-testid="llm-call-open">{label}</summary>
      {opened && <LlmCallView callId={callId} />}
    </details>
  );
}
