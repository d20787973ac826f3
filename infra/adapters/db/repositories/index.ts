// The database adapter's repositories, one per aggregate, built once from one client and one SQL
// runner: activities receive them and call them; every statement lives here.
import { sqlFromPool, sqlFromPrisma, type Sql } from '../sql';
import { createBacktestRunRepository } from './backtest-runs';
import { createDatabaseProbe } from './database-probe';
import { createDecisionRepository } from './decisions';
import { createEquityRepository } from './equity';
import { createEvolutionRunRepository } from './evolution-runs';
import { createIntelRepository } from './intel';
import { createLlmCallRepository } from './llm-calls';
import { createNotificationRepository } from './notifications';
import { createOrderRepository } from './orders';
import { createPositionRepository } from './positions';
import { createReconciliationEventRepository } from './reconciliation-events';
import { repositoryDb, type RepositoryDeps } from './repository-db';
import { createSessionRepository } from './sessions';
import { createStrategyRepository } from './strategies';
import { createTradeRepository } from './trades';

export type { RepositoryDeps } from './repository-db';

/**
 * The backtest's tens of MB of bytea go through a pg pool whenever a database URL is known, even
 * where the cycle's few statements use Prisma's raw queries: Prisma's driver adapter is ~4× slower on
 * values that size.
 */
function bulkSql(deps: RepositoryDeps): Sql {
  if (deps.sql) return deps.sql;
  const url = deps.databaseUrl ?? process.env.DATABASE_URL;
  return url ? sqlFromPool(url) : sqlFromPrisma(deps.prisma);
}

export function createRepositories(deps: RepositoryDeps) {
  const db = repositoryDb(deps);
  return {
    decisions: createDecisionRepository(db),
    orders: createOrderRepository(db),
    trades: createTradeRepository(db),
    positions: createPositionRepository(db),
    equity: createEquityRepository(db),
    sessions: createSessionRepository(db),
    reconciliationEvents: createReconciliationEventRepository(db),
    strategies: createStrategyRepository(db),
    evolutionRuns: createEvolutionRunRepository(db),
    backtestRuns: createBacktestRunRepository(bulkSql(deps)),
    llmCalls: createLlmCallRepository(db),
    intel: createIntelRepository(db),
    notifications: createNotificationRepository(db),
    database: createDatabaseProbe(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
