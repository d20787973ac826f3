-- Every model call the agents make, for the audit trail, the budgets (day sums by created_at,
-- session sums by session_id) and the decision page (by cycle_id).
-- CreateTable
CREATE TABLE "llm_calls" (
    "id" TEXT NOT NULL,
    "cycle_id" TEXT,
    "session_id" TEXT,
    "backtest_run_id" TEXT,
    "role" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_hash" TEXT NOT NULL,
    "messages" JSONB NOT NULL,
    "raw_answer" TEXT,
    "parsed" JSONB,
    "abstain_reason" TEXT,
    "prompt_tokens" INTEGER NOT NULL,
    "completion_tokens" INTEGER NOT NULL,
    "cost_usd" DOUBLE PRECISION NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "cache_hit" BOOLEAN NOT NULL,
    "error" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "llm_calls_cycle_id_idx" ON "llm_calls"("cycle_id");

-- CreateIndex
CREATE INDEX "llm_calls_session_id_created_at_idx" ON "llm_calls"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "llm_calls_backtest_run_id_idx" ON "llm_calls"("backtest_run_id");

-- CreateIndex
CREATE INDEX "llm_calls_created_at_idx" ON "llm_calls"("created_at");
