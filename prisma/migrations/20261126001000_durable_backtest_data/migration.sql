-- CreateTable
CREATE TABLE "backtest_run_data" (
    "run_id" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "candles" INTEGER NOT NULL DEFAULT 0,
    "series" BYTEA,
    "advice" BYTEA,
    "equity" BYTEA,
    "result" BYTEA,
    "final_state" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backtest_run_data_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "backtest_run_chunks" (
    "run_id" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "trades" BYTEA NOT NULL,
    "equity" BYTEA NOT NULL,

    CONSTRAINT "backtest_run_chunks_pkey" PRIMARY KEY ("run_id","start")
);

-- AddForeignKey
ALTER TABLE "backtest_run_data" ADD CONSTRAINT "backtest_run_data_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "backtest_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backtest_run_chunks" ADD CONSTRAINT "backtest_run_chunks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "backtest_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Bulk float arrays barely compress: store them out of line uncompressed, so a 25 MB series costs a
-- copy instead of a futile pglz pass (Prisma does not model STORAGE, so later diffs leave this alone).
ALTER TABLE "backtest_run_data" ALTER COLUMN "series" SET STORAGE EXTERNAL;
ALTER TABLE "backtest_run_data" ALTER COLUMN "advice" SET STORAGE EXTERNAL;
ALTER TABLE "backtest_run_data" ALTER COLUMN "equity" SET STORAGE EXTERNAL;
ALTER TABLE "backtest_run_chunks" ALTER COLUMN "equity" SET STORAGE EXTERNAL;
