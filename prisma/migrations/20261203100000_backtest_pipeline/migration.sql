-- Durable backtests run the whole agent pipeline too: the run keeps its decision mode, and a
-- pipeline checkpoint keeps its decisions and its exact state as JSON text.
-- AlterTable
ALTER TABLE "backtest_runs" ADD COLUMN "decide" TEXT NOT NULL DEFAULT 'strategy-only';

-- AlterTable
ALTER TABLE "backtest_run_chunks" ADD COLUMN "decisions" BYTEA,
ADD COLUMN "pipeline_state" BYTEA;
