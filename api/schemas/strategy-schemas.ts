import { z } from 'zod';
import { evolutionRequestSchema } from '../../core/optimizer/evolution-request';
import { pageQuery } from '../http/pagination';
import { isoTime, jsonObject, nullableTime, temporalUiUrl } from './common';

export const StrategyNameParams = z
  .object({
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"'),
  })
  .strict();
export const PromoteBody = z.object({ version: z.number().int().min(1) }).strict();

export const StrategyVersion = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  type: z.string(),
  parameters: jsonObject,
  performance: jsonObject.nullable(),
  status: z.enum(['draft', 'active', 'retired']),
  parentVersion: z.number().int().nullable(),
  createdAt: isoTime,
});

export const StrategyInfo = z.object({
  name: z.string(),
  builtin: z.boolean(),
  description: z.string(),
  parameters: jsonObject.describe('JSON Schema of the parameters (min/max are the optimizer ranges)'),
  defaults: jsonObject,
});
export const StrategyListItem = StrategyInfo.extend({
  activeVersion: z.number().int().nullable(),
  versions: z.number().int(),
});

export const ListEvolutionRunsQuery = z
  .object({
    strategy: z.string().min(1).max(64).optional(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']).optional(),
    ...pageQuery,
  })
  .strict();

export const EvolutionRun = z.object({
  id: z.string(),
  strategyName: z.string(),
  status: z.string(),
  config: jsonObject,
  seed: z.number().nullable(),
  bestParams: jsonObject.nullable(),
  bestFitness: z.number().nullable(),
  promoted: z.boolean(),
  reason: z.string().nullable(),
  workflowId: z.string().nullable(),
  temporalUiUrl,
  createdAt: isoTime,
  finishedAt: nullableTime,
});

export const Generation = z.object({
  generation: z.number().int(),
  bestFitness: z.number(),
  meanFitness: z.number(),
  bestParams: jsonObject,
  createdAt: isoTime,
});

export const StartEvolutionBody = evolutionRequestSchema;
export const ScheduleBody = z
  .object({
    cron: z.string().min(1).max(100).describe('5-field cron, e.g. "0 2 * * *"'),
    timezone: z.string().min(1).max(64).optional(),
    request: evolutionRequestSchema.omit({ strategy: true }),
  })
  .strict();

export const ScheduleSummary = z.object({
  strategy: z.string(),
  scheduleId: z.string(),
  cron: z.array(z.string()),
  timezone: z.string().nullable(),
  paused: z.boolean(),
  note: z.string().nullable(),
  nextRuns: z.array(isoTime),
  recentRuns: z.array(z.object({ scheduledAt: isoTime, workflowId: z.string() })),
});
