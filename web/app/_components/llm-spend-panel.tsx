'use client';

import type { LlmUsageAnswer, LlmUsageTotals } from '../../lib/gateway-types';
import { qty, usd } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { ApiView } from './api-view';
import { DataTable, type Column } from './data-table';
import { Card } from './equity-panel';
import { Panel } from './panel';
import { Empty } from './states';

const DAY_MS = 86_400_000;
const REFRESH_MS = 60_000;

/** Day budgets are per UTC day, so "today" starts at UTC midnight too. */
const utcMidnight = () => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString();

interface Row {
  name: string;
  all: LlmUsageTotals;
  todayUsd: number;
}

const tokens = (t: LlmUsageTotals) => t.promptTokens + t.completionTokens;

function rows<T extends LlmUsageTotals>(
  all: readonly T[],
  today: readonly T[] | undefined,
  name: (x: T) => string,
): Row[] {
  const todays = new Map((today ?? []).map((x) => [name(x), x.costUsd]));
  return all.map((x) => ({ name: name(x), all: x, todayUsd: todays.get(name(x)) ?? 0 }));
}

function columns(head: string): Column<Row>[] {
  return [
    { head, cell: (r) => r.name },
    { head: 'Calls', num: true, cell: (r) => qty(r.all.calls) },
    { head: 'Cached', num: true, cell: (r) => qty(r.all.cacheHits) },
    { head: 'Abstained', num: true, cell: (r) => qty(r.all.abstentions) },
    { head: 'Tokens', num: true, cell: (r) => qty(tokens(r.all)) },
    { head: 'Today', num: true, cell: (r) => usd(r.todayUsd) },
    { head: 'All time', num: true, cell: (r) => usd(r.all.costUsd) },
  ];
}

/** What the agents' model calls cost, today (UTC) and since the first, by role and by model. */
export function LlmSpendPanel() {
  const today = useApi<LlmUsageAnswer>('/llm/usage', { since: utcMidnight() }, REFRESH_MS);
  const all = useApi<LlmUsageAnswer>('/llm/usage', undefined, REFRESH_MS);
  return (
    <Panel title="LLM spend">
      <ApiView state={all} what="LLM spend">
        {({ usage }) => {
          const day = today.data?.usage;
          if (usage.totals.calls === 0) return <Empty>No model calls yet: every agent runs on its rules.</Empty>;
          return (
            <div data-testid="llm-spend">
              <div className="cards">
                <Card label="Today" value={usd(day?.totals.costUsd)} testId="llm-spend-today" />
                <Card label="All time" value={usd(usage.totals.costUsd)} testId="llm-spend-total" />
                <Card label="Tokens today" value={qty(day ? tokens(day.totals) : undefined)} />
                <Card label="Calls (cached)" value={`${qty(usage.totals.calls)} (${qty(usage.totals.cacheHits)})`} />
              </div>
              <DataTable
                rows={rows(usage.byRole, day?.byRole, (x) => x.role)}
                columns={columns('Role')}
                rowKey={(r) => r.name}
                empty="No calls."
                testId="llm-spend-by-role"
              />
              <DataTable
                rows={rows(usage.byModel, day?.byModel, (x) => x.model)}
                columns={columns('Model')}
                rowKey={(r) => r.name}
                empty="No calls."
                testId="llm-spend-by-model"
              />
            </div>
          );
        }}
      </ApiView>
    </Panel>
  );
}
