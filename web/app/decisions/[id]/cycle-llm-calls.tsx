'use client';

import { useState } from 'react';
import type { LlmCallList, LlmCallSummary } from '../../../lib/gateway-types';
import { qty, usd } from '../../../lib/format';
import { useApi } from '../../../lib/use-api';
import { ApiView } from '../../_components/api-view';
import { DataTable, type Column } from '../../_components/data-table';
import { callOutcome, LlmCallView } from '../../_components/llm-call-view';
import { Panel } from '../../_components/panel';

function columns(open: string | null, toggle: (id: string) => void): Column<LlmCallSummary>[] {
  return [
    { head: 'Role', cell: (c) => c.role },
    { head: 'Model', cell: (c) => c.model },
    { head: 'Tokens', num: true, cell: (c) => `${qty(c.promptTokens)} + ${qty(c.completionTokens)}` },
    { head: 'Cost', num: true, cell: (c) => usd(c.cacheHit ? 0 : c.costUsd) },
    { head: 'Latency', num: true, cell: (c) => `${qty(c.latencyMs)} ms` },
    { head: 'Outcome', wrap: true, cell: (c) => callOutcome(c) },
    { head: 'Reasoning', wrap: true, cell: (c) => c.reasoningFirstLine ?? '—' },
    {
      head: '',
      cell: (c) => (
        <button type="button" className="link-button" onClick={() => toggle(c.id)} aria-expanded={open === c.id}>
          {open === c.id ? 'Close' : 'Prompt and answer'}
        </button>
      ),
    },
  ];
}

/** Every model call the cycle made (analysts, debate, coordinator, risk review), one opened at a time. */
export function CycleLlmCalls({ cycleId }: { cycleId: string }) {
  const state = useApi<LlmCallList>('/llm/calls', { cycleId });
  const [open, setOpen] = useState<string | null>(null);
  const toggle = (id: string) => setOpen((cur) => (cur === id ? null : id));
  return (
    <Panel title="Model calls">
      <ApiView state={state} what="the model calls">
        {({ items }) => {
          const spent = items.filter((c) => !c.cacheHit);
          const tokens = spent.reduce((t, c) => t + c.promptTokens + c.completionTokens, 0);
          const cost = spent.reduce((t, c) => t + c.costUsd, 0);
          return (
            <>
              {items.length > 0 && (
                <p className="meta" data-testid="llm-calls-total">
                  {items.length} calls · {qty(tokens)} tokens · {usd(cost)} (cached answers cost nothing)
                </p>
              )}
              <DataTable
                rows={items}
                columns={columns(open, toggle)}
                rowKey={(c) => c.id}
                rowTestId={(c) => `llm-call-${c.role}`}
                empty="No model was called in this cycle: every agent decided by its rules."
                testId="llm-calls"
              />
              {open && <LlmCallView key={open} callId={open} />}
            </>
          );
        }}
      </ApiView>
    </Panel>
  );
}
