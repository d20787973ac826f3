// Strategies as version histories (promote / rollback move the active mark), evolution runs with
// their per-generation fitness, and the nightly evolution schedules.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { builtInStrategyIds, getBuiltInStrategy } from '../../core/strategies/registry';
import { temporalUiLink } from '../../infra/adapters/temporal-ui-link';
import { startEvolution } from '../../infra/services/evolution/evolution-client';
import { resolveEvolution } from '../../infra/services/evolution/resolve-evolution';
import {
  deleteEvolutionSchedule,
  describeEvolutionSchedule,
  evolutionScheduleId,
  pauseEvolutionSchedule,
  triggerEvolutionSchedule,
  unpauseEvolutionSchedule,
  upsertEvolutionSchedule,
} from '../../infra/services/evolution/schedule';
import { activateVersion, listVersions, rollbackVersion } from '../../infra/services/evolution/strategy-versions';
import { evolutionProgressQuery, TASK_QUEUES } from '../../workflows/definitions';
import type { GatewayData } from '../data/gateway-data';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { pageArgs, pageSchema, toPage } from '../http/pagination';
import { plainJson } from '../http/plain-json';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import { idParams } from '../schemas/common';
import {
  EvolutionRun,
  Generation,
  ListEvolutionRunsQuery,
  PromoteBody,
  ScheduleBody,
  ScheduleSummary,
  StartEvolutionBody,
  StrategyInfo,
  StrategyListItem,
  StrategyNameParams,
  StrategyVersion,
} from '../schemas/strategy-schemas';

const SCHEDULE_PREFIX = evolutionScheduleId('');

type StrategyInfoBody = {
  name: string;
  builtin: boolean;
  description: string;
  parameters: Record<string, unknown>;
  defaults: Record<string, unknown>;
};
// Built-ins never change while the gateway runs: their JSON Schemas are converted once, not per request.
const builtInInfos = new Map<string, StrategyInfoBody | undefined>();

function builtInInfo(name: string): StrategyInfoBody | undefined {
  if (!builtInInfos.has(name)) builtInInfos.set(name, convertBuiltIn(name));
  return builtInInfos.get(name);
}

function convertBuiltIn(name: string): StrategyInfoBody | undefined {
  try {
    const s = getBuiltInStrategy(name);
    const parameters = z.toJSONSchema(s.paramsSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    delete parameters.$schema;
    return {
      name,
      builtin: true,
      description: s.description,
      parameters,
      defaults: s.defaults as Record<string, unknown>,
    };
  } catch {
    return undefined;
  }
}

export function strategiesRoutes(data: GatewayData): RouteSpec[] {
  const { prisma } = data;
  const toVersion = (r: object) => plainJson(r);
  const toRun = (r: { workflowId: string | null }) => ({
    ...(plainJson(r) as Record<string, unknown>),
    temporalUiUrl: temporalUiLink(data.temporalUiUrl, data.namespace, r.workflowId),
  });
  const taskQueue = () => data.taskQueues?.evolution ?? TASK_QUEUES.evolution;
  const scheduleAction = (name: 'pause' | 'unpause' | 'trigger', summary: string) =>
    defineRoute({
      method: 'post',
      path: `/evolution/schedules/:name/${name}`,
      tag: 'evolution',
      summary,
      params: StrategyNameParams,
      status: 202,
      response: z.object({ strategy: z.string(), action: z.string() }),
      errors: [404, 503],
      write: true,
      async handler({ params }) {
        const client = await data.temporal();
        await (name === 'pause'
          ? pauseEvolutionSchedule(client, params.name, 'paused from the gateway')
          : name === 'unpause'
            ? unpauseEvolutionSchedule(client, params.name, 'unpaused from the gateway')
            : triggerEvolutionSchedule(client, params.name));
        return { body: { strategy: params.name, action: name } };
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/strategies',
      tag: 'strategies',
      summary: 'built-in and evolved strategies with their active version',
      response: z.object({ items: z.array(StrategyListItem) }),
      async handler() {
        const rows = await prisma.strategy.findMany({
          select: { name: true, version: true, status: true, type: true },
          orderBy: [{ name: 'asc' }, { version: 'asc' }],
        });
        const names = [...new Set([...builtInStrategyIds(), ...rows.map((r) => r.name)])].sort();
        const items = names.map((name) => {
          const versions = rows.filter((r) => r.name === name);
          const info = builtInInfo(name) ??
            builtInInfo(versions[0]?.type ?? '') ?? {
              name,
              builtin: false,
              description: '',
              parameters: {},
              defaults: {},
            };
          return {
            ...info,
            name,
            builtin: builtInStrategyIds().includes(name),
            activeVersion: versions.filter((v) => v.status === 'active').pop()?.version ?? null,
            versions: versions.length,
          };
        });
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/strategies/:name',
      tag: 'strategies',
      summary: 'a strategy and its versions (oldest first)',
      params: StrategyNameParams,
      response: z.object({ strategy: StrategyInfo, versions: z.array(StrategyVersion) }),
      errors: [404],
      async handler({ params }) {
        const versions = await listVersions(prisma, params.name);
        const info = builtInInfo(params.name) ?? builtInInfo(versions[0]?.type ?? '');
        if (!info && !versions.length)
          throw new NotFoundError(`unknown strategy "${params.name}"; built-in: ${builtInStrategyIds().join(', ')}`);
        return {
          body: {
            strategy: {
              ...(info ?? { builtin: false, description: '', parameters: {}, defaults: {} }),
              name: params.name,
              builtin: builtInStrategyIds().includes(params.name),
            },
            versions: versions.map(toVersion),
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/strategies/:name/promote',
      tag: 'strategies',
      summary: 'make a version the active one (the previous active one is retired)',
      params: StrategyNameParams,
      body: PromoteBody,
      response: z.object({ version: StrategyVersion }),
      errors: [404],
      write: true,
      async handler({ params, body }) {
        const v = await activateVersion(prisma, params.name, body.version);
        return { body: { version: toVersion(v) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/strategies/:name/rollback',
      tag: 'strategies',
      summary: "back to the active version's parent",
      params: StrategyNameParams,
      bodyOptional: true,
      body: z.object({}).strict(),
      response: z.object({ from: z.number().int(), to: z.number().int() }),
      errors: [404, 409],
      write: true,
      async handler({ params }) {
        if (
          builtInStrategyIds().includes(params.name) &&
          (await prisma.strategy.count({ where: { name: params.name } })) === 0
        ) {
          throw new ConflictError(
            `${params.name} has only its built-in defaults: there is no earlier version to roll back to`,
          );
        }
        return { body: await rollbackVersion(prisma, params.name) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/evolution/runs',
      tag: 'evolution',
      summary: 'evolution runs, newest first',
      query: ListEvolutionRunsQuery,
      response: pageSchema(EvolutionRun),
      async handler({ query: q }) {
        const rows = await prisma.evolutionRun.findMany({
          where: { strategyName: q.strategy, status: q.status },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageArgs(q),
        });
        return { body: toPage(rows, q.limit, toRun) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/evolution/runs/:id',
      tag: 'evolution',
      summary: 'one run with its best and mean fitness per generation',
      params: idParams,
      response: z.object({ run: EvolutionRun, generations: z.array(Generation), progress: z.unknown().nullable() }),
      errors: [404],
      async handler({ params }) {
        const run = await prisma.evolutionRun.findUnique({
          where: { id: params.id },
          include: { generations: { orderBy: { generation: 'asc' } } },
        });
        if (!run) throw new NotFoundError(`no evolution run "${params.id}"`);
        let progress = null;
        if (run.status === 'running' && run.workflowId)
          progress = await (
            await data.temporal()
          ).workflow
            .getHandle(run.workflowId)
            .query(evolutionProgressQuery)
            .catch(() => null);
        const { generations, ...rest } = run;
        return {
          body: {
            run: toRun(rest),
            generations: generations.map((g) => ({
              generation: g.generation,
              bestFitness: g.bestFitness,
              meanFitness: g.meanFitness,
              bestParams: g.bestParams,
              createdAt: g.createdAt.toISOString(),
            })),
            progress,
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/evolution/runs',
      tag: 'evolution',
      summary: 'start an evolution (genetic search, walk-forward validation, promotion rule)',
      body: StartEvolutionBody,
      response: z.object({
        run: z.object({ id: z.string(), workflowId: z.string(), temporalUiUrl: z.string().nullable() }),
      }),
      status: 202,
      errors: [404, 409, 422, 503],
      write: true,
      async handler({ body }) {
        // Everything that can be wrong with the input is found before a workflow exists.
        await resolveEvolution(prisma, body, { now: Date.now() });
        const client = await data.temporal();
        try {
          const handle = await startEvolution(client, body, { taskQueue: taskQueue() });
          // Listed (queued) at once, so a client can follow the run before the worker picks it up.
          await prisma.evolutionRun.upsert({
            where: { id: handle.firstExecutionRunId },
            create: {
              id: handle.firstExecutionRunId,
              strategyName: body.strategy,
              status: 'queued',
              workflowId: handle.workflowId,
              config: { request: JSON.parse(JSON.stringify(body)) },
            },
            update: {},
          });
          return {
            status: 202,
            body: {
              run: {
                id: handle.firstExecutionRunId,
                workflowId: handle.workflowId,
                temporalUiUrl: temporalUiLink(data.temporalUiUrl, data.namespace, handle.workflowId),
              },
            },
          };
        } catch (e) {
          if (e instanceof WorkflowExecutionAlreadyStartedError)
            throw new ConflictError(`an evolution of ${body.strategy} started this second is already running`, {
              cause: e,
            });
          throw e;
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/evolution/runs/:id/cancel',
      tag: 'evolution',
      summary: 'cancel a running evolution (nothing is promoted)',
      params: idParams,
      status: 202,
      response: z.object({ id: z.string(), cancelled: z.boolean() }),
      errors: [404, 409, 503],
      write: true,
      async handler({ params }) {
        const run = await prisma.evolutionRun.findUnique({ where: { id: params.id } });
        if (!run) throw new NotFoundError(`no evolution run "${params.id}"`);
        if (run.status !== 'running' && run.status !== 'queued')
          throw new ConflictError(`evolution run "${run.id}" is already ${run.status}`);
        try {
          await (await data.temporal()).workflow.getHandle(run.workflowId ?? '', run.id).cancel();
        } catch (e) {
          if (e instanceof WorkflowNotFoundError)
            throw new ConflictError(`evolution run "${run.id}" is no longer running in Temporal`, { cause: e });
          throw e;
        }
        return { body: { id: run.id, cancelled: true } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/evolution/schedules',
      tag: 'evolution',
      summary: 'the nightly evolution schedules',
      response: z.object({ items: z.array(ScheduleSummary) }),
      errors: [503],
      async handler() {
        const client = await data.temporal();
        const items = [];
        for await (const s of client.schedule.list()) {
          if (!s.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
          const strategy = s.scheduleId.slice(SCHEDULE_PREFIX.length);
          const d = await describeEvolutionSchedule(client, strategy).catch(() => undefined);
          if (d)
            items.push({
              strategy,
              scheduleId: d.scheduleId,
              cron: d.cron,
              timezone: d.timezone ?? null,
              paused: d.paused,
              note: d.note ?? null,
              nextRuns: d.nextRuns,
              recentRuns: d.recentRuns,
            });
        }
        return { body: { items } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/evolution/schedules/:name',
      tag: 'evolution',
      summary: "create or replace a strategy's nightly evolution",
      params: StrategyNameParams,
      body: ScheduleBody,
      response: z.object({ scheduleId: z.string(), created: z.boolean() }),
      errors: [404, 422, 503],
      write: true,
      async handler({ params, body }) {
        const request = { ...body.request, strategy: params.name };
        if ('trainFrom' in request.window)
          throw new ValidationError('a nightly schedule needs windows that move with time: use trainDays and oosDays', {
            field: 'request.window',
          });
        await resolveEvolution(prisma, request, { now: Date.now() });
        const client = await data.temporal();
        return {
          body: await upsertEvolutionSchedule(client, request, {
            cron: body.cron,
            timezone: body.timezone,
            taskQueue: taskQueue(),
            note: 'created from the gateway',
          }),
        };
      },
    }),
    scheduleAction('pause', 'pause a nightly evolution'),
    scheduleAction('unpause', 'resume a paused nightly evolution'),
    scheduleAction('trigger', 'run a nightly evolution now'),
    defineRoute({
      method: 'delete',
      path: '/evolution/schedules/:name',
      tag: 'evolution',
      summary: 'delete a nightly evolution',
      params: StrategyNameParams,
      status: 204,
      errors: [404, 503],
      write: true,
      async handler({ params }) {
        await deleteEvolutionSchedule(await data.temporal(), params.name);
        return { status: 204 };
      },
    }),
  ];
}
