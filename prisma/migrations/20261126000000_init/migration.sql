-- CreateEnum
CREATE TYPE "strategy_status" AS ENUM ('draft', 'active', 'retired');

-- CreateEnum
CREATE TYPE "trading_mode" AS ENUM ('paper', 'live');

-- CreateEnum
CREATE TYPE "decision_action" AS ENUM ('BUY', 'SELL', 'HOLD');

-- CreateEnum
CREATE TYPE "order_purpose" AS ENUM ('entry', 'stop_loss', 'take_profit', 'compensation', 'close');

-- CreateEnum
CREATE TYPE "position_status" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "strategies" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "performance" JSONB,
    "status" "strategy_status" NOT NULL DEFAULT 'draft',
    "parent_version" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_sessions" (
    "id" TEXT NOT NULL,
    "mode" "trading_mode" NOT NULL,
    "exchange" TEXT NOT NULL,
    "symbols" TEXT[],
    "timeframe" TEXT NOT NULL,
    "strategy_name" TEXT NOT NULL,
    "strategy_version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "workflow_id" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "trading_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "candle_time" TIMESTAMPTZ(3) NOT NULL,
    "action" "decision_action" NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "reasoning" TEXT NOT NULL DEFAULT '',
    "risk_verdict" JSONB,
    "summary" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_signals" (
    "id" TEXT NOT NULL,
    "decision_id" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "reasoning" TEXT NOT NULL DEFAULT '',
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "exchange_order_id" TEXT,
    "session_id" TEXT,
    "decision_id" TEXT,
    "exchange" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "purpose" "order_purpose" NOT NULL DEFAULT 'entry',
    "status" TEXT NOT NULL,
    "price" DECIMAL,
    "trigger_price" DECIMAL,
    "amount" DECIMAL NOT NULL,
    "filled" DECIMAL NOT NULL DEFAULT 0,
    "average" DECIMAL,
    "fee" DECIMAL NOT NULL DEFAULT 0,
    "fee_currency" TEXT,
    "reduce_only" BOOLEAN NOT NULL DEFAULT false,
    "mode" "trading_mode" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trades" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "strategy_id" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "entry_price" DECIMAL NOT NULL,
    "exit_price" DECIMAL,
    "quantity" DECIMAL NOT NULL,
    "pnl" DECIMAL,
    "pnl_percent" DECIMAL,
    "fee" DECIMAL NOT NULL DEFAULT 0,
    "entry_order_id" TEXT,
    "exit_order_id" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "exchange" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "status" "position_status" NOT NULL DEFAULT 'open',
    "size" DECIMAL NOT NULL,
    "entry_price" DECIMAL NOT NULL,
    "mark_price" DECIMAL,
    "stop_loss" DECIMAL,
    "take_profit" DECIMAL,
    "unrealized_pnl" DECIMAL NOT NULL DEFAULT 0,
    "leverage" DECIMAL NOT NULL DEFAULT 1,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "equity_snapshots" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "equity" DECIMAL NOT NULL,
    "cash" DECIMAL NOT NULL,
    "unrealized_pnl" DECIMAL NOT NULL DEFAULT 0,
    "realized_pnl" DECIMAL NOT NULL DEFAULT 0,

    CONSTRAINT "equity_snapshots_pkey" PRIMARY KEY ("id","time")
);

-- CreateTable
CREATE TABLE "reconciliation_events" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "kind" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candles" (
    "exchange" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "open" DECIMAL NOT NULL,
    "high" DECIMAL NOT NULL,
    "low" DECIMAL NOT NULL,
    "close" DECIMAL NOT NULL,
    "volume" DECIMAL NOT NULL,

    CONSTRAINT "candles_pkey" PRIMARY KEY ("exchange","symbol","timeframe","time")
);

-- CreateTable
CREATE TABLE "backtest_runs" (
    "id" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "version" INTEGER,
    "params" JSONB NOT NULL DEFAULT '{}',
    "symbol" TEXT NOT NULL,
    "exchange" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "metrics" JSONB,
    "error" TEXT,
    "workflow_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "backtest_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backtest_trades" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "entry_time" TIMESTAMPTZ(3) NOT NULL,
    "exit_time" TIMESTAMPTZ(3),
    "entry_price" DECIMAL NOT NULL,
    "exit_price" DECIMAL,
    "quantity" DECIMAL NOT NULL,
    "pnl" DECIMAL,
    "pnl_percent" DECIMAL,
    "fee" DECIMAL NOT NULL DEFAULT 0,
    "exit_reason" TEXT,

    CONSTRAINT "backtest_trades_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backtest_equity_points" (
    "run_id" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "equity" DECIMAL NOT NULL,

    CONSTRAINT "backtest_equity_points_pkey" PRIMARY KEY ("run_id","time")
);

-- CreateTable
CREATE TABLE "evolution_runs" (
    "id" TEXT NOT NULL,
    "strategy_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "seed" INTEGER,
    "best_params" JSONB,
    "best_fitness" DOUBLE PRECISION,
    "promoted" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "workflow_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "evolution_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evolution_generations" (
    "run_id" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "best_fitness" DOUBLE PRECISION NOT NULL,
    "mean_fitness" DOUBLE PRECISION NOT NULL,
    "best_params" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evolution_generations_pkey" PRIMARY KEY ("run_id","generation")
);

-- CreateTable
CREATE TABLE "paper_accounts" (
    "id" TEXT NOT NULL,
    "quote_currency" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "paper_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "paper_orders" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "price" DECIMAL,
    "trigger_price" DECIMAL,
    "amount" DECIMAL NOT NULL,
    "filled" DECIMAL NOT NULL DEFAULT 0,
    "remaining" DECIMAL NOT NULL,
    "average" DECIMAL,
    "status" TEXT NOT NULL,
    "reduce_only" BOOLEAN NOT NULL DEFAULT false,
    "fee" DECIMAL NOT NULL DEFAULT 0,
    "fee_currency" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "paper_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "paper_fills" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "price" DECIMAL NOT NULL,
    "amount" DECIMAL NOT NULL,
    "fee" DECIMAL NOT NULL DEFAULT 0,
    "fee_currency" TEXT,
    "taker_or_maker" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "paper_fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_cache_entries" (
    "key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_cache_entries_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "strategies_name_status_idx" ON "strategies"("name", "status");

-- CreateIndex
CREATE UNIQUE INDEX "strategies_name_version_key" ON "strategies"("name", "version");

-- CreateIndex
CREATE INDEX "trading_sessions_status_idx" ON "trading_sessions"("status");

-- CreateIndex
CREATE INDEX "trading_sessions_started_at_idx" ON "trading_sessions"("started_at");

-- CreateIndex
CREATE INDEX "decisions_session_id_created_at_idx" ON "decisions"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "decisions_symbol_candle_time_idx" ON "decisions"("symbol", "candle_time");

-- CreateIndex
CREATE UNIQUE INDEX "agent_signals_decision_id_agent_key" ON "agent_signals"("decision_id", "agent");

-- CreateIndex
CREATE UNIQUE INDEX "orders_client_order_id_key" ON "orders"("client_order_id");

-- CreateIndex
CREATE INDEX "orders_session_id_created_at_idx" ON "orders"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "orders_symbol_created_at_idx" ON "orders"("symbol", "created_at");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE INDEX "orders_decision_id_idx" ON "orders"("decision_id");

-- CreateIndex
CREATE INDEX "orders_exchange_order_id_idx" ON "orders"("exchange_order_id");

-- CreateIndex
CREATE INDEX "trades_session_id_opened_at_idx" ON "trades"("session_id", "opened_at");

-- CreateIndex
CREATE INDEX "trades_symbol_opened_at_idx" ON "trades"("symbol", "opened_at");

-- CreateIndex
CREATE INDEX "trades_status_idx" ON "trades"("status");

-- CreateIndex
CREATE INDEX "trades_strategy_id_idx" ON "trades"("strategy_id");

-- CreateIndex
CREATE INDEX "positions_session_id_status_idx" ON "positions"("session_id", "status");

-- CreateIndex
CREATE INDEX "positions_symbol_opened_at_idx" ON "positions"("symbol", "opened_at");

-- CreateIndex
CREATE INDEX "positions_status_idx" ON "positions"("status");

-- CreateIndex
CREATE INDEX "equity_snapshots_time_idx" ON "equity_snapshots"("time");

-- CreateIndex
CREATE UNIQUE INDEX "equity_snapshots_session_id_time_key" ON "equity_snapshots"("session_id", "time");

-- CreateIndex
CREATE INDEX "reconciliation_events_session_id_created_at_idx" ON "reconciliation_events"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "reconciliation_events_kind_created_at_idx" ON "reconciliation_events"("kind", "created_at");

-- CreateIndex
CREATE INDEX "candles_symbol_time_idx" ON "candles"("symbol", "time");

-- CreateIndex
CREATE INDEX "backtest_runs_status_idx" ON "backtest_runs"("status");

-- CreateIndex
CREATE INDEX "backtest_runs_created_at_idx" ON "backtest_runs"("created_at");

-- CreateIndex
CREATE INDEX "backtest_runs_strategy_created_at_idx" ON "backtest_runs"("strategy", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "backtest_trades_run_id_seq_key" ON "backtest_trades"("run_id", "seq");

-- CreateIndex
CREATE INDEX "evolution_runs_strategy_name_created_at_idx" ON "evolution_runs"("strategy_name", "created_at");

-- CreateIndex
CREATE INDEX "evolution_runs_status_idx" ON "evolution_runs"("status");

-- CreateIndex
CREATE INDEX "paper_orders_account_id_status_idx" ON "paper_orders"("account_id", "status");

-- CreateIndex
CREATE INDEX "paper_orders_symbol_status_idx" ON "paper_orders"("symbol", "status");

-- CreateIndex
CREATE UNIQUE INDEX "paper_orders_account_id_client_order_id_key" ON "paper_orders"("account_id", "client_order_id");

-- CreateIndex
CREATE INDEX "paper_fills_order_id_idx" ON "paper_fills"("order_id");

-- CreateIndex
CREATE INDEX "paper_fills_account_id_time_idx" ON "paper_fills"("account_id", "time");

-- AddForeignKey
ALTER TABLE "agent_signals" ADD CONSTRAINT "agent_signals_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backtest_trades" ADD CONSTRAINT "backtest_trades_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "backtest_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backtest_equity_points" ADD CONSTRAINT "backtest_equity_points_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "backtest_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evolution_generations" ADD CONSTRAINT "evolution_generations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "evolution_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "paper_orders" ADD CONSTRAINT "paper_orders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "paper_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "paper_fills" ADD CONSTRAINT "paper_fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "paper_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "paper_fills" ADD CONSTRAINT "paper_fills_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "paper_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

