// Decision rows with their AgentSignal rows, keyed by cycle id (and agent): a retried record
// overwrites, never adds. The record's first statement upserts them and, in the same round trip, reads
// the session rows recording needs (protection orders a sync has work on, PnL stops already booked at this
// candle, the open position). One statement instead of five: each costs a loopback round trip,
// Prisma's request pipeline and PostgreSQL's per-statement work, which together were the largest part
// of a cycle's database time.
import { randomUUID } from 'node:crypto';
import type { AgentSignal } from '../../../../core/agents';
import { Prisma } from '../prisma-client';
import { protectionToSettleSql, type ProtectionOrderRow } from './orders';
import { openPositionSql, toOpenPosition, type OpenPositionJson, type OpenPositionRow } from './positions';
import type { RepositoryDb } from './repository-db';
import { protectionPnlSql } from './trades';

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

export interface CycleRowsAtRecord {
  /** As the order repository's protectionToSettle reads them, before this record syncs any. */
  protection: ProtectionOrderRow[];
  /** As the trade repository's protectionPnlAt reads it: valid while no protection order fires during this record. */
  protectionPnl: number;
  /** As the position repository's openPosition reads it. */
  openPosition: OpenPositionRow | null;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export function createDecisionRepository(db: RepositoryDb) {
  const t = db.table;
  return {
    async recordWithCycleRows(d: DecisionRow, signals: AgentSignal[]): Promise<CycleRowsAtRecord> {
      const signalRows = signals.map(
        (s) =>
          Prisma.sql`(${randomUUID()}::text, ${s.agent}::text, ${String(s.direction)}::text, ${s.confidence}::float8, ${s.reasoning}::text, ${json(s.data)}::jsonb)`,
      );
      const writeSignals = signalRows.length
        ? Prisma.sql`, s AS (
            INSERT INTO ${t('agent_signals')} AS agent_signals (id, decision_id, agent, direction, confidence, reasoning, data)
            SELECT v.id, d.id, v.agent, v.direction, v.confidence, v.reasoning, v.data FROM d, (VALUES ${Prisma.join(signalRows)}) AS v(id, agent, direction, confidence, reasoning, data)
            ON CONFLICT (decision_id, agent) DO UPDATE SET direction = EXCLUDED.direction, confidence = EXCLUDED.confidence,
              reasoning = EXCLUDED.reasoning, data = COALESCE(EXCLUDED.data, agent_signals.data)
          )`
        : Prisma.empty;
      const [row] = await db.sql.rows<{
        protection: ProtectionOrderRow[];
        protection_pnl: string;
        open_position: OpenPositionJson;
      }>(Prisma.sql`
        WITH d AS (
          INSERT INTO ${t('decisions')} AS decisions (id, session_id, symbol, candle_time, action, confidence, reasoning, risk_verdict, summary)
          VALUES (${d.id}, ${d.sessionId}, ${d.symbol}, ${d.candleTime}, CAST(${d.action} AS ${t('decision_action')}), ${d.confidence}, ${d.reasoning}, ${json(d.riskVerdict)}::jsonb, ${d.summary})
          ON CONFLICT (id) DO UPDATE SET session_id = EXCLUDED.session_id, symbol = EXCLUDED.symbol, candle_time = EXCLUDED.candle_time,
            action = EXCLUDED.action, confidence = EXCLUDED.confidence, reasoning = EXCLUDED.reasoning,
            risk_verdict = COALESCE(EXCLUDED.risk_verdict, decisions.risk_verdict), summary = EXCLUDED.summary
          RETURNING id
        )${writeSignals}
        SELECT ${protectionToSettleSql(db, d.sessionId, d.symbol)} AS protection,
          ${protectionPnlSql(db, d.sessionId, d.symbol, d.candleTime)} AS protection_pnl,
          ${openPositionSql(db, d.sessionId, d.symbol)} AS open_position`);
      return {
        protection: row.protection,
        protectionPnl: Number(row.protection_pnl),
        openPosition: toOpenPosition(row.open_position),
      };
    },
  };
}

export type DecisionRepository = ReturnType<typeof createDecisionRepository>;
