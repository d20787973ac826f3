import { z } from 'zod';
import { backtestConfigSchema } from '../backtest/config';
import { RiskLimitsSchema } from '../config/schema';
import { BACKTEST_DECISION_MODES } from '../pipeline/decision-mode';
import { fitnessSpecSchema } from './fitness';
import { DEFAULT_GENETIC_OPTIONS } from './genetic';
import { OptimizerInputError } from './optimizer-errors';
import { promotionRuleSchema } from './promotion';

const windowSchema = z.union([
  z.object({ trainFrom: z.number().int(), trainTo: z.number().int(), oosTo: z.number().int() }).strict(),
  /** Relative to the run's start: what the nightly Schedule uses, so each night looks at the latest data. */
  z.object({ trainDays: z.number().positive().max(3650), oosDays: z.number().positive().max(3650) }).strict(),
]);

const geneticSchema = z
  .object({
    populationSize: z.number().int().min(2).max(10_000),
    generations: z.number().int().min(1).max(10_000),
    /** Absent: derived from the workflow id, so a replay or a restarted worker still uses the same one. */
    seed: z.number().int().min(0).max(0xffffffff),
    elitism: z.number().int().min(0),
    tournamentSize: z.number().int().min(1),
    crossoverRate: z.number().min(0).max(1),
    mutationRate: z.number().min(0).max(1),
    mutationSigma: z.number().gt(0).max(1),
  })
  .partial()
  .strict();

/** What starts an evolution: the CLI, the gateway and the nightly Schedule send exactly this. */
export const evolutionRequestSchema = z
  .object({
    strategy: z.string().min(1, 'a strategy name is required'),
    exchange: z.string().min(1),
    symbol: z.string().min(1),
    timeframe: z.string().min(1),
    window: windowSchema,
    oosWindows: z.number().int().min(1).max(50).default(3),
    genetic: geneticSchema.default({}),
    fitness: fitnessSpecSchema.partial().default({}),
    promotion: promotionRuleSchema.partial().default({}),
    backtest: backtestConfigSchema.partial().default({}),
    /**
     * What scores a candidate: `strategy-only` the strategy alone on the engine; `strategy` or
     * `ensemble` the pipeline backtest in that session decision mode (tens to hundreds of times
     * slower per candle), so the version promoted is the one that wins under the pipeline it trades with.
     */
    decide: z.enum(BACKTEST_DECISION_MODES).default('strategy-only'),
    /** The session's hard risk limits the pipeline modes size and veto with; absent: the defaults. */
    riskLimits: RiskLimitsSchema.optional(),
    /** Individuals per evaluation activity: smaller spreads a generation over more workers. */
    batchSize: z.number().int().min(1).max(1000).default(8),
    /** Best distinct training individuals re-evaluated out of sample. */
    candidates: z.number().int().min(1).max(50).default(3),
    /** Compute the strategy's live performance from recorded trades first (the nightly review). */
    review: z.boolean().default(false),
    /** A winning candidate becomes the active version (else it is saved as a draft to promote by hand). */
    activate: z.boolean().default(true),
  })
  .strict();

export type EvolutionRequestInput = z.input<typeof evolutionRequestSchema>;
export type EvolutionRequest = z.output<typeof evolutionRequestSchema>;

export const MAX_EVALUATION_ACTIVITIES = 4000;

/** Parses a request; the error names the first offending field. */
export function parseEvolutionRequest(raw: unknown): EvolutionRequest {
  const r = evolutionRequestSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new OptimizerInputError(`evolution request ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  if (r.data.riskLimits !== undefined && r.data.decide === 'strategy-only')
    throw new OptimizerInputError(
      'evolution request riskLimits: only the pipeline modes (decide strategy or ensemble) trade under risk limits; strategy-only ignores them',
      { field: 'riskLimits' },
    );
  const g = { ...DEFAULT_GENETIC_OPTIONS, ...r.data.genetic };
  if ((g.elitism ?? 0) >= g.populationSize)
    throw new OptimizerInputError(
      `evolution request genetic.elitism (${g.elitism}) must be below the population size (${g.populationSize})`,
    );
  // Every batch is a few history events: keep one run's history far below Temporal's 50k-event cap.
  const activities = Math.ceil(g.populationSize / r.data.batchSize) * g.generations;
  if (activities > MAX_EVALUATION_ACTIVITIES) {
    throw new OptimizerInputError(
      `evolution request: ${g.populationSize} individuals × ${g.generations} generations in batches of ${r.data.batchSize} is ${activities} activities, more than ${MAX_EVALUATION_ACTIVITIES} for one workflow history; raise batchSize (--batch-size) or lower the population or generations`,
    );
  }
  return r.data;
}
