-- Protection sync looks trades up by the order that opened or closed them on every cycle record.
-- CreateIndex
CREATE INDEX "trades_entry_order_id_idx" ON "trades"("entry_order_id");

-- CreateIndex
CREATE INDEX "trades_exit_order_id_idx" ON "trades"("exit_order_id");
