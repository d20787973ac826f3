import { runPrismaCli, type PrismaCliRun } from './prisma-cli';

export type MigrateDeployResult = PrismaCliRun & {
  /** Names of the migrations this run applied (empty when the database was already current). */
  applied: string[];
};

export type MigrationStatus = PrismaCliRun & {
  upToDate: boolean;
  /** Migrations in prisma/migrations not yet applied to the database. */
  pending: string[];
};

const DEPLOY_DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;
const MIGRATION_NAME = /\b(\d{14}_[A-Za-z0-9_]+)\b/g;

/** Prisma's own error paragraph when there is one (it names the cause), else the tail of the output. */
function failureReason(output: string): string {
  const at = output.search(/^Error:/m);
  const text = at >= 0 ? output.slice(at) : output.trim().split('\n').slice(-10).join('\n');
  return text.trim();
}

/** Applies pending migrations (`prisma migrate deploy`); throws with Prisma's own explanation on failure. */
export async function migrateDeploy(
  databaseUrl: string | undefined = process.env.DATABASE_URL,
  opts: { timeoutMs?: number } = {},
): Promise<MigrateDeployResult> {
  const run = await runPrismaCli(['migrate', 'deploy'], databaseUrl, { ...opts, donePattern: DEPLOY_DONE });
  if (!DEPLOY_DONE.test(run.output)) {
    throw new Error(`prisma migrate deploy failed (exit ${run.exitCode}): ${failureReason(run.output)}`);
  }
  const appliedSection = run.output.split('The following migration(s) have been applied:')[1] ?? '';
  const applied = [...new Set([...appliedSection.matchAll(MIGRATION_NAME)].map((m) => m[1]))];
  return { ...run, applied };
}

/**
 * Compares the database with prisma/migrations (`prisma migrate status`). Pending migrations are
 * a normal answer; an unreachable database or a failed migration throws.
 */
export async function migrationStatus(
  databaseUrl: string | undefined = process.env.DATABASE_URL,
  opts: { timeoutMs?: number } = {},
): Promise<MigrationStatus> {
  const run = await runPrismaCli(['migrate', 'status'], databaseUrl, opts);
  if (/Database schema is up to date!/.test(run.output)) return { ...run, upToDate: true, pending: [] };
  const pendingSection = /have not yet been applied:\n([\s\S]*?)(?:\n\s*\n|$)/.exec(run.output);
  if (pendingSection) {
    const pending = [...pendingSection[1].matchAll(MIGRATION_NAME)].map((m) => m[1]);
    return { ...run, upToDate: false, pending };
  }
  throw new Error(`prisma migrate status failed (exit ${run.exitCode}): ${failureReason(run.output)}`);
}
