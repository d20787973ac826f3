// EvolutionRun rows with their EvolutionGeneration rows. The gateway records a run as queued when it
// starts it; the evolution workflow's activities take it from there (running, each generation's
// stats, completed / failed / cancelled with its outcome).
import type { Genome } from '../../../../core/optimizer/genome';
import type { RepositoryDb } from './repository-db';

export interface GenerationRow {
  generation: number;
  bestFitness: number;
  meanFitness: number;
  bestParams: Genome;
}

export interface CompletedRun {
  bestParams: Genome;
  bestFitness: number;
  promoted: boolean;
  reason: string;
  /** Added to the stored config as its `outcome`. */
  outcome: unknown;
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as object;

export function createEvolutionRunRepository(db: RepositoryDb) {
  const { prisma } = db;
  return {
    /**
     * Marks the run running with its resolved setup, creating the row when the gateway did not. A
     * cancelled run stays cancelled: a cancelled prepare can still finish after the cancellation was
     * recorded and must not bring the run back to life.
     */
    async start(r: {
      runId: string;
      strategyName: string;
      seed: number;
      workflowId: string;
      config: unknown;
    }): Promise<void> {
      await prisma.evolutionRun.upsert({
        where: { id: r.runId },
        create: {
          id: r.runId,
          strategyName: r.strategyName,
          status: 'running',
          seed: r.seed,
          workflowId: r.workflowId,
          config: plain(r.config),
        },
        update: {},
      });
      await prisma.evolutionRun.updateMany({
        where: { id: r.runId, status: 'queued' },
        data: { status: 'running', seed: r.seed, config: plain(r.config) },
      });
    },

    async saveGeneration(runId: string, g: GenerationRow): Promise<void> {
      const row = { bestFitness: g.bestFitness, meanFitness: g.meanFitness, bestParams: g.bestParams };
      await prisma.evolutionGeneration.upsert({
        where: { runId_generation: { runId, generation: g.generation } },
        create: { runId, generation: g.generation, ...row },
        update: row,
      });
    },

    async complete(runId: string, c: CompletedRun): Promise<void> {
      const run = await prisma.evolutionRun.findUnique({ where: { id: runId }, select: { config: true } });
      await prisma.evolutionRun.update({
        where: { id: runId },
        data: {
          status: 'completed',
          bestParams: c.bestParams,
          bestFitness: c.bestFitness,
          promoted: c.promoted,
          reason: c.reason,
          finishedAt: new Date(),
          config: plain({ ...((run?.config ?? {}) as object), outcome: c.outcome }),
        },
      });
    },

    /** A completed run keeps its status. */
    async end(runId: string, status: 'failed' | 'cancelled', reason: string): Promise<void> {
      await prisma.evolutionRun.updateMany({
        where: { id: runId, status: { not: 'completed' } },
        data: { status, reason, finishedAt: new Date() },
      });
    },
  };
}

export type EvolutionRunRepository = ReturnType<typeof createEvolutionRunRepository>;
