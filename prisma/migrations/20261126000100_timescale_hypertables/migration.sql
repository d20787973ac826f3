-- Optional TimescaleDB: candles and equity_snapshots become hypertables when the extension can be
-- used; on plain PostgreSQL this migration does nothing (a NOTICE says why) and succeeds.
-- Both tables already carry `time` in every unique index, as hypertables require.
-- Default time indexes are not created: the existing keys cover the queries, and an index unknown
-- to schema.prisma would show up as drift in `prisma migrate dev`.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    RAISE NOTICE 'timescaledb is not available: candles and equity_snapshots stay plain tables';
    RETURN;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    -- Installed but not preloaded, CREATE EXTENSION would fail and block every later migration.
    IF position('timescaledb' IN coalesce(current_setting('shared_preload_libraries', true), '')) = 0 THEN
      RAISE NOTICE 'timescaledb is installed but not in shared_preload_libraries: candles and equity_snapshots stay plain tables';
      RETURN;
    END IF;
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  END IF;

  PERFORM create_hypertable('candles', 'time',
    chunk_time_interval => INTERVAL '30 days',
    if_not_exists => TRUE, create_default_indexes => FALSE, migrate_data => TRUE);
  PERFORM create_hypertable('equity_snapshots', 'time',
    chunk_time_interval => INTERVAL '30 days',
    if_not_exists => TRUE, create_default_indexes => FALSE, migrate_data => TRUE);
END
$$;
