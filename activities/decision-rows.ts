// The Decision row of a cycle and its AgentSignal rows, written as two SQL upserts. Through Prisma's
// query compiler these were six upserts costing ~1.8 ms of worker CPU each, a cycle's largest share.
// Same rows, same keys (cycle id; cycle id + agent): a retried activity overwrites, never adds.
import { randomUUID } from 'node:crypto';
import type { AgentSignal } from '../core/agents';
import { Prisma } from '../infra/db';
import type { ActivityDeps } from './deps';
import { sqlName } from './sql-table';

export interface DecisionRow {
  id: string;
  sessionId: string;
  symbol: string;
  candleTime: Date;
  action: 'BUY' | 'SELL' | 'HOLD';
  confidence: number;
  reasoning: string;
  /** Left as stored when undefined (as Prisma's upsert would). */
  riskVerdict?: object;
  summary: string;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export async function upsertDecisionRows(deps: ActivityDeps, d: DecisionRow, signals: AgentSignal[]): Promise<void> {
  await deps.prisma.$executeRaw`
    INSERT INTO ${sqlName(deps, 'decisions')} AS decisions (id, session_id, symbol, candle_time, action, confidence, reasoning, risk_verdict, summary)
    VALUES (${d.id}, ${d.sessionId}, ${d.symbol}, ${d.candleTime}, CAST(${d.action} AS ${sqlName(deps, 'decision_action')}), ${d.confidence}, ${d.reasoning}, ${json(d.riskVerdict)}::jsonb, ${d.summary})
    ON CONFLICT (id) DO UPDATE SET session_id = EXCLUDED.session_id, symbol = EXCLUDED.symbol, candle_time = EXCLUDED.candle_time,
      action = EXCLUDED.action, confidence = EXCLUDED.confidence, reasoning = EXCLUDED.reasoning,
      risk_verdict = COALESCE(EXCLUDED.risk_verdict, decisions.risk_verdict), summary = EXCLUDED.summary`;
  if (signals.length === 0) return;
  const rows = signals.map((s) => Prisma.sql`(${randomUUID()}, ${d.id}, ${s.agent}, ${String(s.direction)}, ${s.confidence}, ${s.reasoning}, ${json(s.data)}::jsonb)`);
  await deps.prisma.$executeRaw`
    INSERT INTO ${sqlName(deps, 'agent_signals')} AS agent_signals (id, decision_id, agent, direction, confidence, reasoning, data)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (decision_id, agent) DO UPDATE SET direction = EXCLUDED.direction, confidence = EXCLUDED.confidence,
      reasoning = EXCLUDED.reasoning, data = COALESCE(EXCLUDED.data, agent_signals.data)`;
}
