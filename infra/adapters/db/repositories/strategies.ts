// Strategy rows written by evolution: a promoted parameter set saved as the strategy's next version,
// and live performance stored on a version. (Reading versions and moving the active mark is
// infra/services/evolution/strategy-versions.ts.)
import type { Genome } from '../../../../core/optimizer/genome';
import type { RepositoryDb } from './repository-db';

export interface EvolvedVersion {
  strategy: string;
  type: string;
  params: Genome;
  parentVersion: number;
  /** Saved with the version; its `evolutionRunId` makes a retried save find the version it saved. */
  performance: { evolutionRunId: string } & Record<string, unknown>;
  /** Active at once (the previous active version retired), else a draft. */
  activate: boolean;
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as object;

export function createStrategyRepository(db: RepositoryDb) {
  const { prisma } = db;
  return {
    /** The new version's number: the next one, or the one this run already saved. */
    async saveEvolvedVersion(v: EvolvedVersion): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const rows = await tx.strategy.findMany({ where: { name: v.strategy }, orderBy: { version: 'asc' } });
        const mine = rows.find(
          (r) => (r.performance as { evolutionRunId?: string } | null)?.evolutionRunId === v.performance.evolutionRunId,
        );
        if (mine) return mine.version;
        const next = (rows.length ? rows[rows.length - 1].version : 0) + 1;
        if (v.activate)
          await tx.strategy.updateMany({ where: { name: v.strategy, status: 'active' }, data: { status: 'retired' } });
        await tx.strategy.create({
          data: {
            name: v.strategy,
            version: next,
            type: v.type,
            parameters: v.params,
            performance: plain(v.performance),
            status: v.activate ? 'active' : 'draft',
            parentVersion: v.parentVersion,
          },
        });
        return next;
      });
    },

    async setPerformance(id: string, performance: Record<string, unknown>): Promise<void> {
      await prisma.strategy.update({ where: { id }, data: { performance: plain(performance) } });
    },
  };
}

export type StrategyRepository = ReturnType<typeof createStrategyRepository>;
