// A usage report as a terminal table. Pure, so its layout is tested without a database.
import type { LlmUsageReport, LlmUsageTotals } from '../../infra/adapters/db/repositories/llm-calls';

/** Money to a hundredth of a cent: a local model's calls cost 0, a quick model's a fraction of a cent. */
export const usd = (v: number): string => `$${v.toFixed(4)}`;
const count = (v: number): string => v.toLocaleString('en-US');

const HEAD = ['', 'calls', 'cached', 'abstained', 'errors', 'prompt tok', 'completion tok', 'cost'];

function cells(label: string, t: LlmUsageTotals): string[] {
  return [
    label,
    count(t.calls),
    count(t.cacheHits),
    count(t.abstentions),
    count(t.errors),
    count(t.promptTokens),
    count(t.completionTokens),
    usd(t.costUsd),
  ];
}

function table(rows: string[][]): string[] {
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

function scope(r: LlmUsageReport): string {
  const parts = [r.sessionId ? `session ${r.sessionId}` : 'all sessions and backtests'];
  if (r.sinceMs !== null) parts.push(`since ${new Date(r.sinceMs).toISOString()}`);
  if (r.untilMs !== null) parts.push(`until ${new Date(r.untilMs).toISOString()}`);
  return parts.join(' · ');
}

export function usageLines(r: LlmUsageReport): string[] {
  if (r.totals.calls === 0) return [`no LLM calls (${scope(r)})`];
  const rows = [
    HEAD,
    cells('total', r.totals),
    ['by role', '', '', '', '', '', '', ''],
    ...r.byRole.map((x) => cells(`  ${x.role}`, x)),
    ['by model', '', '', '', '', '', '', ''],
    ...r.byModel.map((x) => cells(`  ${x.model}`, x)),
  ];
  return [`LLM usage (${scope(r)}); cached answers cost nothing`, ...table(rows).map((l) => l.trimEnd())];
}
