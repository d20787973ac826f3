-- Intelligence stored point in time: observations (one row per revision, known from known_at),
-- headlines (deduplicated by source and guid) and one row per provider sync.
-- The observations' primary key (series_id, observed_at, known_at) holds observed_at, so the table
-- can become a hypertable on observed_at where TimescaleDB exists (every unique index must hold the
-- time column); on plain PostgreSQL the DO block below does nothing but a NOTICE.

-- CreateTable
CREATE TABLE "intel_observations" (
    "series_id" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "known_at" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "provider" TEXT NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intel_observations_pkey" PRIMARY KEY ("series_id","observed_at","known_at")
);

-- CreateTable
CREATE TABLE "intel_headlines" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "known_at" TIMESTAMPTZ(3) NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intel_headlines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intel_sync_runs" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error_kind" TEXT,
    "error" TEXT,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "revised" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "headlines" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "skipped_sample" JSONB,

    CONSTRAINT "intel_sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "intel_observations_series_id_known_at_idx" ON "intel_observations"("series_id", "known_at");

-- CreateIndex
CREATE INDEX "intel_observations_series_id_observed_at_idx" ON "intel_observations"("series_id", "observed_at");

-- CreateIndex
CREATE INDEX "intel_headlines_published_at_idx" ON "intel_headlines"("published_at");

-- CreateIndex
CREATE INDEX "intel_headlines_known_at_idx" ON "intel_headlines"("known_at");

-- CreateIndex
CREATE UNIQUE INDEX "intel_headlines_source_guid_key" ON "intel_headlines"("source", "guid");

-- CreateIndex
CREATE INDEX "intel_sync_runs_provider_started_at_idx" ON "intel_sync_runs"("provider", "started_at");

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    RAISE NOTICE 'timescaledb is not available: intel_observations stays a plain table';
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    IF position('timescaledb' IN coalesce(current_setting('shared_preload_libraries', true), '')) = 0 THEN
      RAISE NOTICE 'timescaledb is installed but not in shared_preload_libraries: intel_observations stays a plain table';
      RETURN;
    END IF;
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  END IF;
  PERFORM create_hypertable('intel_observations', 'observed_at',
    chunk_time_interval => INTERVAL '90 days',
    if_not_exists => TRUE, create_default_indexes => FALSE, migrate_data => TRUE);
END
$$;
