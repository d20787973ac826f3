// PostgreSQL storage of durable backtests: BacktestRun (status, progress, metrics), its bulk data
// (BacktestRunData: request, series, advice, exact result), chunk checkpoints (BacktestRunChunk) and
// the dashboard's views (BacktestTrade rows, a downsampled BacktestEquityPoint curve). A pipeline
// run's checkpoints keep its state and decisions as exact JSON text (bytea: jsonb would reorder keys,
// and the paper engine iterates its orders in insertion order).
import type { EngineState } from '../../../../core/backtest/engine-state';
import type { Trade } from '../../../../core/backtest/trade';
import type { CandleSeries } from '../../../../core/candles/series';
import type { BacktestMetrics } from '../../../../core/metrics/metrics';
import type { BacktestDecisionMode } from '../../../../core/pipeline/decision-mode';
import type { BrokerTrade } from '../../../../core/pipeline/paper-broker';
import type { PipelineDecision, PipelineState } from '../../../../core/pipeline/run-pipeline-backtest';
import type { AdviceBuffer } from '../../../../core/strategies/advice';
import {
  bytesToFloat64,
  decodeAdvice,
  decodeSeries,
  encodeAdvice,
  encodeSeries,
  float64ToBytes,
} from './backtest-codec';
import type { Sql } from '../sql';

export type BacktestRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const FINAL_STATUSES: readonly BacktestRunStatus[] = ['completed', 'failed', 'cancelled'];

export interface NewBacktestRun {
  id: string;
  strategy: string;
  version: number | null;
  params: Record<string, unknown>;
  exchange: string;
  symbol: string;
  timeframe: string;
  fromMs: number;
  toMs: number;
  workflowId: string;
  /** Absent: strategy-only. */
  decide?: BacktestDecisionMode;
  /** The workflow input, kept for `status` and re-runs. */
  request: unknown;
}

export interface BacktestRunRow {
  id: string;
  strategy: string;
  version: number | null;
  params: Record<string, unknown>;
  exchange: string;
  symbol: string;
  timeframe: string;
  decide: BacktestDecisionMode;
  from: Date;
  to: Date;
  status: BacktestRunStatus;
  progress: number;
  metrics: BacktestMetrics | null;
  error: string | null;
  workflowId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ChunkRow {
  start: number;
  end: number;
  state: EngineState;
  trades: Trade[];
  equity: Float64Array;
}

export interface PipelineChunkRow {
  start: number;
  end: number;
  state: PipelineState;
  /** Trades closed in [start, end). */
  trades: BrokerTrade[];
  decisions: PipelineDecision[];
  equity: Float64Array;
}

/** The trade fields the dashboard's trade rows keep (the engine's and the pipeline's trades both give them). */
export type TradeRow = Pick<
  Trade,
  'side' | 'entryTime' | 'exitTime' | 'entryPrice' | 'exitPrice' | 'quantity' | 'pnl' | 'fees'
> & { exitReason: string };

/** The exact result, as the CLI prints it. */
export interface StoredResult {
  metrics: BacktestMetrics;
  trades: Trade[];
  equity: Float64Array;
  state: EngineState;
  /** Candle open times (the report's equity timestamps). */
  time: Float64Array;
}

const RUN_COLUMNS = `id, strategy, version, params, exchange, symbol, timeframe, decide, "from", "to", status, progress, metrics, error,
  workflow_id AS "workflowId", created_at AS "createdAt", finished_at AS "finishedAt"`;

const json = (v: unknown) => JSON.stringify(v);

// Reads: bytea as base64 text (pg's default hex doubles the bytes and decodes slowly), big arrays in
// parallel slices, one per field (measured: a 25 MB series 1.1 s as one hex value on a busy machine).
const fromBase64 = (s: string) => Buffer.from(s, 'base64');

export interface ResultToSave extends Omit<StoredResult, 'time'> {
  symbol: string;
  /** Downsampled curve for the dashboard. */
  curve: { time: number; equity: number }[];
}

/** A pipeline run's result: the report's exact text, and what the dashboard's rows and curve need. */
export interface PipelineResultToSave {
  metrics: BacktestMetrics;
  /** The JSON text `--local --decide … --json` prints for the same candles. */
  report: string;
  trades: TradeRow[];
  equity: Float64Array;
  /** Small and informational: counts of the final state (the full state stays in the report). */
  finalState: Record<string, unknown>;
  symbol: string;
  curve: { time: number; equity: number }[];
}

export function createBacktestRunRepository(sql: Sql) {
  async function readSlice(
    runId: string,
    column: 'series' | 'equity',
    offset: number,
    length: number,
  ): Promise<Buffer> {
    const rows = await sql.query<{ b: string | null }>(
      `SELECT encode(substring(${column} FROM $2 FOR $3), 'base64') AS b FROM backtest_run_data WHERE run_id = $1`,
      [runId, offset + 1, length],
    );
    if (!rows[0]?.b && length > 0) throw new Error(`backtest run ${runId} has no stored ${column}`);
    return fromBase64(rows[0]?.b ?? '');
  }

  async function setStatus(runId: string, status: BacktestRunStatus, error?: string): Promise<void> {
    // A finished run keeps its final status: a late cancel or retry must not rewrite history.
    await sql.query(
      `UPDATE backtest_runs SET status = $2, error = $3, finished_at = CASE WHEN $2 IN ('completed', 'failed', 'cancelled') THEN now() ELSE finished_at END
       WHERE id = $1 AND status NOT IN ('completed', 'failed', 'cancelled')`,
      [runId, status, error ?? null],
    );
  }

  /** The pipeline state stored by the checkpoint that ends at candle `end`; null when there is none. */
  async function loadPipelineState(runId: string, end: number): Promise<PipelineState | null> {
    const rows = await sql.query<{ state: string | null }>(
      `SELECT convert_from(pipeline_state, 'UTF8') AS state FROM backtest_run_chunks WHERE run_id = $1 AND "end" = $2 AND start < "end" ORDER BY start DESC LIMIT 1`,
      [runId, end],
    );
    return rows[0]?.state ? (JSON.parse(rows[0].state) as PipelineState) : null;
  }

  async function writeResult(
    runId: string,
    r: {
      metrics: BacktestMetrics;
      trades: TradeRow[];
      equity: Float64Array;
      result: string;
      finalState: unknown;
      symbol: string;
      curve: { time: number; equity: number }[];
    },
  ): Promise<void> {
    const t = r.trades;
    // Independent writes, in parallel on the pool; the status flips to completed only after all of them.
    await Promise.all([
      (async () => {
        await sql.query(`DELETE FROM backtest_trades WHERE run_id = $1`, [runId]);
        if (t.length === 0) return;
        await sql.query(
          `INSERT INTO backtest_trades (id, run_id, seq, symbol, side, entry_time, exit_time, entry_price, exit_price, quantity, pnl, pnl_percent, fee, exit_reason)
           SELECT $1 || '-' || s, $1, s, $2, side, to_timestamp(et / 1000), to_timestamp(xt / 1000), ep, xp, q, pnl, pnl / NULLIF(ep * q, 0) * 100, fee, reason
           FROM unnest($3::int[], $4::text[], $5::float8[], $6::float8[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[])
             AS u(s, side, et, xt, ep, xp, q, pnl, fee, reason)`,
          [
            runId,
            r.symbol,
            t.map((_, i) => i),
            t.map((x) => x.side),
            t.map((x) => x.entryTime),
            t.map((x) => x.exitTime),
            t.map((x) => x.entryPrice),
            t.map((x) => x.exitPrice),
            t.map((x) => x.quantity),
            t.map((x) => x.pnl),
            t.map((x) => x.fees),
            t.map((x) => x.exitReason),
          ],
        );
      })(),
      (async () => {
        await sql.query(`DELETE FROM backtest_equity_points WHERE run_id = $1`, [runId]);
        if (r.curve.length === 0) return;
        await sql.query(
          `INSERT INTO backtest_equity_points (run_id, time, equity) SELECT $1, to_timestamp(t / 1000), e FROM unnest($2::float8[], $3::numeric[]) AS u(t, e)`,
          [runId, r.curve.map((p) => p.time), r.curve.map((p) => p.equity)],
        );
      })(),
      sql.query(
        `UPDATE backtest_run_data SET equity = $2, result = $3, final_state = $4::jsonb, advice = NULL, updated_at = now() WHERE run_id = $1`,
        [runId, float64ToBytes(r.equity), Buffer.from(r.result), json(r.finalState)],
      ),
      sql.query(`UPDATE backtest_runs SET metrics = $2::jsonb, progress = 1 WHERE id = $1`, [runId, json(r.metrics)]),
    ]);
    await setStatus(runId, 'completed');
    // Once completed only the candle times are read again (the report's timestamps): keep 8 of 48 bytes a candle.
    await sql.query(
      `UPDATE backtest_run_data SET series = substring(series FROM 1 FOR candles * 8) WHERE run_id = $1 AND length(series) > candles * 8`,
      [runId],
    );
    await sql.query(`DELETE FROM backtest_run_chunks WHERE run_id = $1`, [runId]);
  }

  return {
    setStatus,

    async createRun(r: NewBacktestRun, series?: CandleSeries): Promise<void> {
      await sql.query(
        `WITH run AS (
           INSERT INTO backtest_runs (id, strategy, version, params, exchange, symbol, timeframe, "from", "to", status, workflow_id, decide)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, to_timestamp($8::double precision / 1000), to_timestamp($9::double precision / 1000), 'queued', $10, $14)
           RETURNING id)
         INSERT INTO backtest_run_data (run_id, request, candles, series) SELECT id, $11::jsonb, $12, $13 FROM run`,
        [
          r.id,
          r.strategy,
          r.version,
          json(r.params),
          r.exchange,
          r.symbol,
          r.timeframe,
          r.fromMs,
          r.toMs,
          r.workflowId,
          json(r.request),
          series?.length ?? 0,
          series ? encodeSeries(series) : null,
          r.decide ?? 'strategy-only',
        ],
      );
    },

    async saveSeries(runId: string, series: CandleSeries): Promise<void> {
      await sql.query(`UPDATE backtest_run_data SET series = $2, candles = $3, updated_at = now() WHERE run_id = $1`, [
        runId,
        encodeSeries(series),
        series.length,
      ]);
    },

    /** The stored series, or null when the run has none yet (it reads the Candle table). */
    async loadSeries(runId: string): Promise<CandleSeries | null> {
      const rows = await sql.query<{ has: boolean; candles: number }>(
        `SELECT series IS NOT NULL AS has, candles FROM backtest_run_data WHERE run_id = $1`,
        [runId],
      );
      if (rows.length === 0) throw new Error(`backtest run ${runId} has no stored data`);
      if (!rows[0].has) return null;
      const n = rows[0].candles;
      const parts = await Promise.all(
        Array.from({ length: 6 }, (_, k) => readSlice(runId, 'series', k * n * 8, n * 8)),
      );
      return decodeSeries(Buffer.concat(parts), n);
    },

    /** Only the candle times (the first of the series' packed arrays). */
    async loadTimes(runId: string, candles: number): Promise<Float64Array> {
      return bytesToFloat64(await readSlice(runId, 'series', 0, candles * 8), 0, candles);
    },

    async saveAdvice(runId: string, advice: AdviceBuffer): Promise<void> {
      await sql.query(`UPDATE backtest_run_data SET advice = $2, updated_at = now() WHERE run_id = $1`, [
        runId,
        encodeAdvice(advice),
      ]);
    },

    async loadAdvice(runId: string, length: number): Promise<AdviceBuffer> {
      const rows = await sql.query<{ advice: string | null }>(
        `SELECT encode(advice, 'base64') AS advice FROM backtest_run_data WHERE run_id = $1`,
        [runId],
      );
      if (!rows[0]?.advice) throw new Error(`backtest run ${runId} has no stored advice (prepare did not finish)`);
      return decodeAdvice(fromBase64(rows[0].advice), length);
    },

    async saveChunk(runId: string, c: ChunkRow): Promise<void> {
      await sql.query(
        `INSERT INTO backtest_run_chunks (run_id, start, "end", state, trades, equity) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (run_id, start) DO UPDATE SET "end" = EXCLUDED."end", state = EXCLUDED.state, trades = EXCLUDED.trades, equity = EXCLUDED.equity`,
        [runId, c.start, c.end, json(c.state), Buffer.from(json(c.trades)), float64ToBytes(c.equity)],
      );
    },

    async savePipelineChunk(runId: string, c: PipelineChunkRow): Promise<void> {
      const summary = { next: c.state.next, cycles: c.state.cycles, trades: c.state.broker.trades.length };
      await sql.query(
        `INSERT INTO backtest_run_chunks (run_id, start, "end", state, trades, equity, decisions, pipeline_state) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
         ON CONFLICT (run_id, start) DO UPDATE SET "end" = EXCLUDED."end", state = EXCLUDED.state, trades = EXCLUDED.trades, equity = EXCLUDED.equity,
           decisions = EXCLUDED.decisions, pipeline_state = EXCLUDED.pipeline_state`,
        [
          runId,
          c.start,
          c.end,
          json(summary),
          Buffer.from(json(c.trades)),
          float64ToBytes(c.equity),
          Buffer.from(json(c.decisions)),
          Buffer.from(json(c.state)),
        ],
      );
    },

    loadPipelineState,

    /** A pipeline run's checkpoints in order, with their decisions and equity (the states: only the last one's). */
    async loadPipelineChunks(
      runId: string,
    ): Promise<{ chunks: Omit<PipelineChunkRow, 'state'>[]; last: PipelineState | null }> {
      const rows = await sql.query<{
        start: number;
        end: number;
        trades: string;
        decisions: string | null;
        equity: string;
      }>(
        `SELECT start, "end", convert_from(trades, 'UTF8') AS trades, convert_from(decisions, 'UTF8') AS decisions, encode(equity, 'base64') AS equity
         FROM backtest_run_chunks WHERE run_id = $1 ORDER BY start`,
        [runId],
      );
      const chunks = rows.map((r) => ({
        start: r.start,
        end: r.end,
        trades: JSON.parse(r.trades) as BrokerTrade[],
        decisions: JSON.parse(r.decisions ?? '[]') as PipelineDecision[],
        equity: bytesToFloat64(fromBase64(r.equity)),
      }));
      const last = rows.length ? await loadPipelineState(runId, rows[rows.length - 1].end) : null;
      return { chunks, last };
    },

    async loadChunks(runId: string): Promise<ChunkRow[]> {
      const rows = await sql.query<{ start: number; end: number; state: EngineState; trades: string; equity: string }>(
        `SELECT start, "end", state, convert_from(trades, 'UTF8') AS trades, encode(equity, 'base64') AS equity FROM backtest_run_chunks WHERE run_id = $1 ORDER BY start`,
        [runId],
      );
      return rows.map((r) => ({
        start: r.start,
        end: r.end,
        state: r.state,
        trades: JSON.parse(r.trades) as Trade[],
        equity: bytesToFloat64(fromBase64(r.equity)),
      }));
    },

    /** Which checkpoints are stored (start, end), without their data. */
    async listChunks(runId: string): Promise<{ start: number; end: number }[]> {
      return sql.query<{ start: number; end: number }>(
        `SELECT start, "end" FROM backtest_run_chunks WHERE run_id = $1 ORDER BY start`,
        [runId],
      );
    },

    /** Drops what only a running run needs (checkpoints, advice) once it failed or was cancelled. */
    async discardWork(runId: string): Promise<void> {
      await sql.query(`DELETE FROM backtest_run_chunks WHERE run_id = $1`, [runId]);
      await sql.query(`UPDATE backtest_run_data SET advice = NULL WHERE run_id = $1`, [runId]);
    },

    async setProgress(runId: string, progress: number): Promise<void> {
      await sql.query(`UPDATE backtest_runs SET progress = $2 WHERE id = $1`, [runId, progress]);
    },

    /** Writes the exact result, the trade rows and the dashboard curve, then marks the run completed. */
    async saveResult(runId: string, r: ResultToSave): Promise<void> {
      await writeResult(runId, {
        metrics: r.metrics,
        trades: r.trades,
        equity: r.equity,
        result: json({ metrics: r.metrics, trades: r.trades }),
        finalState: r.state,
        symbol: r.symbol,
        curve: r.curve,
      });
    },

    /** The same for a pipeline run, whose stored result is its report's text. */
    async savePipelineResult(runId: string, r: PipelineResultToSave): Promise<void> {
      await writeResult(runId, { ...r, result: r.report });
    },

    /** A completed pipeline run's report text (null for a strategy-only run or one not completed). */
    async loadPipelineReport(runId: string): Promise<string | null> {
      const rows = await sql.query<{ result: string | null }>(
        `SELECT convert_from(d.result, 'UTF8') AS result FROM backtest_runs r JOIN backtest_run_data d ON d.run_id = r.id
         WHERE r.id = $1 AND r.status = 'completed' AND r.decide <> 'strategy-only'`,
        [runId],
      );
      return rows[0]?.result ?? null;
    },

    async loadResult(runId: string): Promise<StoredResult | null> {
      const rows = await sql.query<{ result: string | null; state: EngineState | null; candles: number }>(
        `SELECT convert_from(d.result, 'UTF8') AS result, d.final_state AS state, d.candles
         FROM backtest_runs r JOIN backtest_run_data d ON d.run_id = r.id WHERE r.id = $1 AND r.status = 'completed'`,
        [runId],
      );
      const r = rows[0];
      if (!r || !r.result || !r.state) return null;
      const n = r.candles;
      const [equity, time] = await Promise.all([
        readSlice(runId, 'equity', 0, n * 8),
        readSlice(runId, 'series', 0, n * 8),
      ]);
      const parsed = JSON.parse(r.result) as { metrics: BacktestMetrics; trades: (Trade | BrokerTrade)[] };
      const metrics = parsed.metrics;
      // A pipeline run's report keeps the broker's trades, whose fees field is `fee`.
      const trades = parsed.trades.map((t) => ('fees' in t ? t : ({ ...t, fees: t.fee } as unknown as Trade)));
      return {
        metrics,
        trades,
        equity: bytesToFloat64(equity, 0, n),
        state: r.state,
        time: bytesToFloat64(time, 0, n),
      };
    },

    async getRun(runId: string): Promise<BacktestRunRow | null> {
      const rows = await sql.query<BacktestRunRow>(`SELECT ${RUN_COLUMNS} FROM backtest_runs WHERE id = $1`, [runId]);
      return rows[0] ?? null;
    },

    async listRuns(limit: number): Promise<BacktestRunRow[]> {
      return sql.query<BacktestRunRow>(
        `SELECT ${RUN_COLUMNS} FROM backtest_runs ORDER BY created_at DESC, id LIMIT $1`,
        [limit],
      );
    },
  };
}

export type BacktestRunRepository = ReturnType<typeof createBacktestRunRepository>;
