-- A genetic search seed is an unsigned 32-bit integer (derived from the workflow id when not given):
-- above 2^31 - 1 it does not fit PostgreSQL's integer.
ALTER TABLE "evolution_runs" ALTER COLUMN "seed" SET DATA TYPE BIGINT;
