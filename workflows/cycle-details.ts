// The cycle's story for the Temporal UI (workflow.setCurrentDetails, markdown): each agent's signal,
// the coordinator's reasoning, the risk verdict and the orders, filled in as the cycle goes.
import type { AgentSignal } from '../core/agents/signal';
import type { Decision } from '../core/coordinator/decision';
import type { RiskVerdict } from '../core/risk/risk-types';
import type { ExecutedOrder } from '../activities/execution';
import type { SnapshotSummary } from '../activities/snapshot';
import type { TradingCycleInput } from './trading-contract';

export interface CycleStory {
  input: TradingCycleInput;
  /** One line per model call: role, model, tokens, cost and the reasoning's first line. */
  models?: string[];
  snapshot?: SnapshotSummary;
  signals?: AgentSignal[];
  decision?: Decision;
  verdict?: RiskVerdict;
  orders: ExecutedOrder[];
  notes: string[];
}

const n = (x: number, d = 4) => (Number.isFinite(x) ? String(Math.round(x * 10 ** d) / 10 ** d) : String(x));
const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');

export function renderCycleDetails(s: CycleStory): string {
  const i = s.input;
  const lines = [
    `## ${s.decision?.action ?? '…'} ${i.symbol} · candle close ${new Date(i.candleCloseMs).toISOString()}`,
    `session ${i.sessionId} · ${i.mode} on ${i.exchange} · ${i.timeframe} · strategy ${i.strategy.name}${i.exitsOnly ? ' · exits only (paused)' : ''}`,
  ];
  if (s.snapshot) {
    const p = s.snapshot.position;
    lines.push(
      '',
      `**Market**: price ${n(s.snapshot.price)}, ATR ${s.snapshot.atr === null ? 'n/a' : n(s.snapshot.atr)}, equity ${n(s.snapshot.account.equity, 2)} (cash ${n(s.snapshot.account.cash, 2)}), position ${p ? `${p.side} ${n(p.quantity, 8)} @ ${n(p.entryPrice)}` : 'none'}, strategy advice ${s.snapshot.strategyAdvice}${s.snapshot.missing.length ? `; missing: ${s.snapshot.missing.join(', ')}` : ''}`,
    );
  }
  if (s.signals) {
    lines.push('', '### Agents', '| agent | direction | confidence | reasoning |', '|---|---|---|---|');
    for (const g of s.signals)
      lines.push(`| ${g.agent} | ${n(g.direction, 3)} | ${n(g.confidence, 3)} | ${cell(g.reasoning)} |`);
  }
  if (s.models?.length) lines.push('', '### Models', ...s.models.map((m) => `- ${m}`));
  if (s.decision) lines.push('', `### Coordinator: ${s.decision.action}`, ...s.decision.reasons.map((r) => `- ${r}`));
  if (s.verdict)
    lines.push(
      '',
      `### Risk: ${s.verdict.verdict}${s.verdict.killSwitch ? ' · KILL SWITCH' : ''}`,
      ...s.verdict.reasons.map((r) => `- ${r}`),
    );
  if (s.orders.length) {
    lines.push('', '### Orders');
    for (const o of s.orders)
      lines.push(
        `- ${o.purpose}: ${o.side} ${n(o.quantity, 8)} → ${o.status}, filled ${n(o.filled, 8)}${o.average !== undefined ? ` @ ${n(o.average)}` : ''}${o.triggerPrice !== undefined ? `, trigger ${n(o.triggerPrice)}` : ''} (\`${o.clientOrderId}\`)`,
      );
  }
  if (s.notes.length) lines.push('', '### Outcome', ...s.notes.map((r) => `- ${r}`));
  return lines.join('\n');
}
